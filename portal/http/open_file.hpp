// A read-only descriptor of a file that does not change, shared by the responses that send it.
#pragma once

#include <unistd.h>

namespace councilcast::portal {

// Held by the file cache beside a file's bytes, so that a plain-HTTP response can hand the
// file to the socket with sendfile(2) instead of copying the bytes out of memory.
class OpenFile {
  public:
    explicit OpenFile(int descriptor) : descriptor_(descriptor) {}
    ~OpenFile() { ::close(descriptor_); }
    OpenFile(const OpenFile&) = delete;
    OpenFile& operator=(const OpenFile&) = delete;

    int descriptor() const { return descriptor_; }

  private:
    const int descriptor_;
};

}  // namespace councilcast::portal
