// The test programs that use the portal start its libraries as councilcast's main() does.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "portal/libraries.hpp"

int main(int argc, char** argv) {
    councilcast::portal::init_libraries();
    doctest::Context context(argc, argv);
    return context.run();
}
