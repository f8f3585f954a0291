#include "render/scene/data_dir.h"

#include <cstdlib>
#include <system_error>

namespace heritage::render {

std::filesystem::path find_data_dir() {
    namespace fs = std::filesystem;
    if (const char* from_environment = std::getenv("HERITAGE3D_DATA_DIR"))
        return from_environment;
    std::error_code error;
    const fs::path executable = fs::canonical(fs::path("/proc/self/exe"), error);
    if (!error) {
        const fs::path installed = executable.parent_path().parent_path() / "share" / "heritage3d";
        if (fs::exists(installed / "shaders", error))
            return installed;
    }
    return HERITAGE_SOURCE_DIR;
}

}  // namespace heritage::render
