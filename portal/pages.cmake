# Page rendering (ctemplate with auto-escaping, toml++ message catalogues, ICU for dates, numbers
# and plural forms, cmark for editors' Markdown): the `pages` library.
# Included from portal/CMakeLists.txt; the `portal` library links it.
add_library(pages STATIC
  ${CMAKE_CURRENT_LIST_DIR}/language.cpp
  ${CMAKE_CURRENT_LIST_DIR}/localization.cpp
  ${CMAKE_CURRENT_LIST_DIR}/markdown.cpp
  ${CMAKE_CURRENT_LIST_DIR}/page_renderer.cpp
)
target_link_libraries(pages
  PUBLIC common PkgConfig::CTEMPLATE
  PRIVATE tomlplusplus::tomlplusplus PkgConfig::ICU PkgConfig::CMARK Boost::url)
