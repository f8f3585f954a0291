// exhibit/files.h: the file operations packages need: atomic writes, bounded reads, and
// confinement of package-relative paths to the package folder.
#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace heritage {

// Writes `bytes` to `path` so that `path` holds either its old content or the new one, never a
// mix: a temporary file in the same folder, flushed to disk, then renamed over `path`.
// Throws heritage::Error naming the file and the system's reason (full disk, no permission);
// the old file and the folder are left as they were.
void write_file_atomically(const std::filesystem::path& path, std::string_view bytes);

// Reads a whole file. Throws heritage::Error when it cannot be opened or read.
std::string read_file(const std::filesystem::path& path);

// Why a package-relative path cannot be used, or nullopt when it is fine. A usable path is
// relative, has no ".." part, and (resolving any symlinks) stays inside `root`.
// `relative` uses '/' separators. The file need not exist.
std::optional<std::string> path_escape_reason(const std::filesystem::path& root,
                                              std::string_view relative);

}  // namespace heritage
