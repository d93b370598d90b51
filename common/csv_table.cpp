#include "common/csv_table.hpp"

namespace councilcast {
namespace {

// Excel takes a CSV file without a byte order mark for the machine's legacy code page
// (Windows-1257 in Lithuania) and shows "Ä—" for "ė"; with it, Excel reads UTF-8. Other
// spreadsheets and CSV libraries skip the mark.
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kCsvLineEnd = "\r\n";  // RFC 4180 2.1

}  // namespace

std::string csv_field(std::string_view value) {
    std::string field;
    // A spreadsheet runs a cell that starts like a formula (=, +, -, @; tab and CR are stripped
    // before that check by some) as one: a title such as =HYPERLINK(...) or =cmd|'...'!A0
    // would leak data or start programs on the computer of whoever opens our download. The
    // apostrophe makes it text (OWASP "CSV Injection").
    if (!value.empty() && std::string_view("=+-@\t\r").find(value.front()) != std::string::npos) {
        field = "'";
    }
    field += value;
    if (field.find_first_of("\",\r\n") == std::string::npos) return field;
    std::string quoted = "\"";
    for (char c : field) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

CsvTable::CsvTable(std::initializer_list<std::string_view> header) {
    text_ = kUtf8Bom;
    row(header);
}

void CsvTable::row(std::initializer_list<std::string_view> fields) {
    bool first = true;
    for (auto field : fields) {
        if (!first) text_ += ',';
        first = false;
        text_ += csv_field(field);
    }
    text_ += kCsvLineEnd;
}

}  // namespace councilcast
