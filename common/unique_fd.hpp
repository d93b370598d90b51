// The one owner of a POSIX file descriptor: closed on every path out of scope.
#pragma once

#include <unistd.h>

#include <utility>

namespace councilcast {

class UniqueFd {
  public:
    UniqueFd() = default;
    explicit UniqueFd(int fd) : fd_(fd) {}
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;
    UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
    UniqueFd& operator=(UniqueFd&& other) noexcept {
        reset(other.release());
        return *this;
    }
    ~UniqueFd() { reset(); }

    int get() const { return fd_; }
    explicit operator bool() const { return fd_ >= 0; }
    int release() { return std::exchange(fd_, -1); }
    void reset(int fd = -1) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = fd;
    }
    // Closes now and says whether close() succeeded: some file systems (NFS) report a failed
    // write only there, so a file that must be complete checks it.
    bool close() { return fd_ < 0 || ::close(release()) == 0; }

  private:
    int fd_ = -1;
};

}  // namespace councilcast
