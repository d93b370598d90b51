// Real image files for upload tests, made with cairo so any content check takes them.
#pragma once

#include <string>

namespace councilcast::testing {

// A black `side` x `side` PNG.
std::string png_image(int side = 4);

}  // namespace councilcast::testing
