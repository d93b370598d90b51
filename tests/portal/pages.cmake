# Unit tests of the page renderer and the home page; included from tests/portal/CMakeLists.txt.
councilcast_test(pages_tests SOURCES ${CMAKE_CURRENT_LIST_DIR}/page_renderer_test.cpp LIBS pages tomlplusplus::tomlplusplus)
