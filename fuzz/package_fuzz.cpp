// libFuzzer target for the exhibit package loader: parse -> resolve -> validate, then the
// writer and the LIDO export on whatever loaded.
//
// The input is split at "\n--\n" into the package's files, written into a scratch folder with
// the layout of tests/data/minimal-exhibit (whose real model and thumbnail are copied in), so
// one input holds a whole small package and the seed made from that fixture is valid.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "exhibit/lido_export.h"
#include "exhibit/package_json.h"
#include "exhibit/package_read.h"

namespace fs = std::filesystem;
using namespace heritage::exhibit;

namespace {

const fs::path& scratch() {
    static const fs::path folder =
        fs::temp_directory_path() / ("heritage-fuzz-" + std::to_string(getpid()));
    return folder;
}

void write(const fs::path& path, std::string_view bytes) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary | std::ios::trunc).write(bytes.data(), long(bytes.size()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const fs::path root = scratch();
    fs::remove_all(root);
    const char* const files[] = {"exhibit.json", "artifacts/trong-dong/artifact.json",
                                 "artifacts/khen-mong/artifact.json", "tours/tieu-hoc-lop-4.json"};
    std::size_t start = 0;
    for (const char* file : files) {
        const std::size_t end = input.find("\n--\n", start);
        write(root / file, input.substr(start, end == std::string_view::npos ? end : end - start));
        if (end == std::string_view::npos)
            break;
        start = end + 4;
    }
    // The fixture's models and thumbnails, read once (copying files each run is slower, and
    // sendfile() can be interrupted by libFuzzer's timer signal).
    static const std::vector<std::pair<std::string, std::string>> kBinaries = [] {
        std::vector<std::pair<std::string, std::string>> binaries;
        for (const char* artifact : {"trong-dong", "khen-mong"}) {
            for (const char* file : {"model.glb", "thumbnail.png"}) {
                const std::string relative = std::string("artifacts/") + artifact + "/" + file;
                std::ifstream in(fs::path(HERITAGE_FIXTURE_DIR) / relative, std::ios::binary);
                binaries.emplace_back(relative,
                                      std::string(std::istreambuf_iterator<char>(in), {}));
            }
        }
        return binaries;
    }();
    for (const auto& [relative, bytes] : kBinaries)
        write(root / relative, bytes);

    const PackageReadResult result = read_package(root);
    for (const Artifact& artifact : result.package.artifacts)
        (void)to_json(artifact);
    for (const Tour& tour : result.package.tours)
        (void)to_json(tour);
    (void)to_json(result.package.exhibit);
    if (result.valid() && !result.package.artifacts.empty()) {
        (void)export_lido(result.package);
    }
    return 0;
}
