# Page rendering (ctemplate with auto-escaping, toml++ message catalogues): the `pages` library.
# Included from portal/CMakeLists.txt; the `portal` library links it.
add_library(pages STATIC
  ${CMAKE_CURRENT_LIST_DIR}/language.cpp
  ${CMAKE_CURRENT_LIST_DIR}/page_renderer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/home_page.cpp
)
target_link_libraries(pages
  PUBLIC common PkgConfig::CTEMPLATE
  PRIVATE tomlplusplus::tomlplusplus)
