#include "exhibit/files.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

#include "exhibit/error.h"

namespace heritage {
namespace fs = std::filesystem;

namespace {

std::string system_reason(int error_number) {
    return std::strerror(error_number);
}

// A name no other writer uses at the same time: "<name>.tmp-<pid>-<random>".
fs::path temporary_sibling(const fs::path& path) {
    std::random_device random;
    return path.parent_path() / (path.filename().string() + ".tmp-" + std::to_string(getpid()) +
                                 "-" + std::to_string(random()));
}

// 0 when all of `bytes` was written, else the errno of the failure.
int write_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t written = ::write(fd, bytes.data(), bytes.size());
        if (written < 0) {
            if (errno == EINTR)
                continue;
            return errno;
        }
        bytes.remove_prefix(static_cast<std::size_t>(written));
    }
    return 0;
}

}  // namespace

void write_file_atomically(const fs::path& path, std::string_view bytes) {
    const fs::path temporary = temporary_sibling(path);
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
        throw Error(path.string() + ": cannot create a temporary file to write (" +
                    system_reason(errno) + "); check that the folder exists and is writable");
    }
    // Write and flush the temporary file; on any failure remove it and leave `path` alone.
    int error_number = write_all(fd, bytes);
    if (error_number == 0 && ::fsync(fd) != 0)
        error_number = errno;
    if (error_number != 0) {
        ::close(fd);
        ::unlink(temporary.c_str());
        throw Error(path.string() + ": cannot write (" + system_reason(error_number) +
                    "); the previous file is unchanged; free some disk space or check "
                    "permissions, then save again");
    }
    ::close(fd);
    if (::rename(temporary.c_str(), path.c_str()) != 0) {
        const int rename_error = errno;
        ::unlink(temporary.c_str());
        throw Error(path.string() + ": cannot replace the file (" + system_reason(rename_error) +
                    "); the previous file is unchanged; check permissions, then save again");
    }
    // Make the rename itself durable: flush the folder's entry.
    const fs::path folder = path.parent_path().empty() ? fs::path(".") : path.parent_path();
    const int folder_fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (folder_fd >= 0) {
        ::fsync(folder_fd);
        ::close(folder_fd);
    }
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw Error(path.string() + ": cannot open the file (" + system_reason(errno) +
                    "); check that it exists and is readable");
    }
    std::ostringstream content;
    content << in.rdbuf();
    if (in.bad()) {
        throw Error(path.string() + ": cannot read the file; check the disk and permissions");
    }
    return content.str();
}

std::optional<std::string> path_escape_reason(const fs::path& root, std::string_view relative) {
    if (relative.empty())
        return "the path is empty";
    const fs::path path(relative);
    if (path.is_absolute())
        return "the path is absolute";
    if (relative.find('\\') != std::string_view::npos)
        return "the path uses '\\'; use '/'";
    for (const fs::path& part : path) {
        if (part == "..")
            return "the path contains \"..\"";
    }
    // Resolve symlinks on both sides, so that a link pointing out of the package is caught.
    std::error_code error;
    const fs::path real_root = fs::weakly_canonical(root, error);
    if (error)
        return "the package folder cannot be resolved";
    const fs::path real_path = fs::weakly_canonical(root / path, error);
    if (error)
        return "the path cannot be resolved";
    auto root_part = real_root.begin();
    auto path_part = real_path.begin();
    for (; root_part != real_root.end(); ++root_part, ++path_part) {
        if (path_part == real_path.end() || *root_part != *path_part) {
            return "the path leads out of the package (through a symbolic link)";
        }
    }
    return std::nullopt;
}

}  // namespace heritage
