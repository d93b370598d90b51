# Unit tests of the page renderer, the home page, localization and Markdown; included from
# tests/portal/CMakeLists.txt.
councilcast_test(pages_tests
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/page_renderer_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/localization_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/markdown_test.cpp
  LIBS pages tomlplusplus::tomlplusplus)
