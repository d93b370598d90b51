// CSV for spreadsheets (RFC 4180, UTF-8 with a byte order mark, formula-like cells defused):
// every table the open data offers.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

namespace councilcast {

// One CSV field: quoted when it holds a quote, comma or line break, and defused when a
// spreadsheet would take it for a formula.
std::string csv_field(std::string_view value);

// A table built row by row. Hand-written rather than a library: Debian packages no C++ CSV
// writer, and writing is the quoting rule above plus separators.
class CsvTable {
  public:
    explicit CsvTable(std::initializer_list<std::string_view> header);

    void row(std::initializer_list<std::string_view> fields);
    std::string take() { return std::move(text_); }

  private:
    std::string text_;
};

}  // namespace councilcast
