#include "portal/accounts/notice_page.hpp"

#include <algorithm>

namespace councilcast::portal {
namespace http = boost::beast::http;

http::response<http::string_body> notice_page(PageCall& call, http::status status,
                                              const Notice& notice, std::string_view nav_current) {
    PageFrame frame;
    frame.title = notice.title;
    frame.alternate_path = localised(other_language(call.language()), call.target().path);
    if (!nav_current.empty()) frame.nav_current = std::string(nav_current);
    const std::string csrf = notice.action.empty() ? std::string() : call.csrf_token();
    return call.page(status, "notice.tpl", std::move(frame),
                     [&](ctemplate::TemplateDictionary& body) {
                         body.SetValue("heading", notice.title);
                         if (!notice.text.empty()) {
                             auto* text = body.AddSectionDictionary("NOTICE");
                             text->SetValue("text", notice.text);
                             text->SetValue("kind", notice.kind);
                         }
                         if (!notice.action.empty()) {
                             auto* button = body.AddSectionDictionary("BUTTON");
                             button->SetValue("action", notice.action);
                             button->SetValue("submit", notice.submit);
                             button->SetValue("csrf", csrf);
                         }
                         if (!notice.link.empty()) {
                             auto* link = body.AddSectionDictionary("LINK");
                             link->SetValue("href", notice.link);
                             link->SetValue("text", notice.link_text);
                         }
                     });
}

http::response<http::string_body> too_many_page(PageCall& call, const PageRenderer& renderer,
                                                std::string_view text_key,
                                                std::chrono::seconds wait) {
    const auto minutes = std::max<std::int64_t>(1, (wait.count() + 59) / 60);
    auto res =
        notice_page(call, http::status::too_many_requests,
                    {.title = call.text("error_page_title"),
                     .text = renderer.format(call.language(), text_key, {{"minutes", minutes}}),
                     .kind = "error"});
    res.set(http::field::retry_after, std::to_string(wait.count()));
    return res;
}

}  // namespace councilcast::portal
