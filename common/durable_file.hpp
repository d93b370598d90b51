// The one durable file write: a file that must survive a crash whole or not at all.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string_view>

namespace councilcast {

// Writes `bytes` to a temporary name beside `path` (so the rename stays on one file system),
// fsyncs it, renames it over `path` and fsyncs the folder, so that after a crash `path` holds
// either its old content or all of the new, never a part. Blocks on the disk: call it from the
// database writer's thread, a worker or start-up, never a network thread. Throws
// councilcast::Error naming the file and the reason; then `path` is untouched and the
// temporary is gone.
void write_file_durably(const std::filesystem::path& path, std::string_view bytes,
                        mode_t mode = 0640);

// The same guarantee for a file something else wrote to `written` (a muxer): fsyncs it, renames
// it to `path` and fsyncs the folder. Returns the file's size. Throws councilcast::Error.
std::uintmax_t publish_file_durably(const std::filesystem::path& written,
                                    const std::filesystem::path& path);

}  // namespace councilcast
