// `councilcast demo`'s report photos: made-up street scenes drawn with cairo, a PNG each, for
// the photos room to turn into the reports' JPEGs as it turns any upload.
#pragma once

#include <string>

namespace councilcast::portal {

// A 1,600 × 1,200 PNG: a sky, a street with its kerb and a dark patch; `picture` (any number)
// picks the colours and where the patch lies, so neighbouring reports differ.
std::string demo_report_picture(int picture);

}  // namespace councilcast::portal
