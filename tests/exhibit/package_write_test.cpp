#include "exhibit/package_write.h"

#include <signal.h>
#include <sys/resource.h>

#include <catch2/catch.hpp>

#include "exhibit/error.h"
#include "exhibit/files.h"
#include "exhibit/package_json.h"
#include "exhibit/package_read.h"
#include "tests/support/test_support.h"

using namespace heritage::exhibit;
namespace fs = std::filesystem;
namespace test = heritage::test;

namespace {

// Limits the size of files this process may write, as a nearly full disk would; restores the
// old limit when it goes out of scope.
class FileSizeLimit {
  public:
    explicit FileSizeLimit(rlim_t bytes) {
        signal(SIGXFSZ, SIG_IGN);  // get EFBIG from write() instead of a signal
        getrlimit(RLIMIT_FSIZE, &old_);
        rlimit limit = old_;
        limit.rlim_cur = bytes;
        setrlimit(RLIMIT_FSIZE, &limit);
    }
    ~FileSizeLimit() { setrlimit(RLIMIT_FSIZE, &old_); }

  private:
    rlimit old_{};
};

std::size_t count_files(const fs::path& folder) {
    std::size_t count = 0;
    for (const auto& entry : fs::recursive_directory_iterator(folder)) {
        count += entry.is_regular_file() ? 1 : 0;
    }
    return count;
}

}  // namespace

TEST_CASE("a saved package reads back the same", "[write][issue-2]") {
    const PackageReadResult original = read_package(test::test_data_dir() / "minimal-exhibit");
    REQUIRE(original.valid());
    const fs::path copy = test::copy_fixture("minimal-exhibit", "saved");

    Package edited = original.package;
    edited.artifacts[0].title.by_language["hnj"] = "Qeej";  // a language added as data
    edited.exhibit.languages.push_back({"hnj", "Hmoob", {}});
    write_package(copy, edited);

    const PackageReadResult saved = read_package(copy);
    CHECK(test::formatted(saved.problems) == std::vector<std::string>{});
    CHECK(to_json(saved.package.exhibit) == to_json(edited.exhibit));
    CHECK(saved.package.artifacts[0].title.by_language.at("hnj") == "Qeej");
    CHECK(test::read_text(copy / "artifacts/trong-dong/artifact.json") ==
          test::read_text(test::test_data_dir() /
                          "minimal-exhibit/artifacts/trong-dong/artifact.json"));
}

TEST_CASE("a failed save leaves the old file whole and no temporary file", "[write][issue-2]") {
    const fs::path copy = test::copy_fixture("minimal-exhibit", "full-disk");
    const fs::path file = copy / "exhibit.json";
    const std::string before = test::read_text(file);
    const std::size_t files_before = count_files(copy);

    std::string bigger = before + std::string(4096, ' ');
    {
        FileSizeLimit nearly_full(1024);
        try {
            heritage::write_file_atomically(file, bigger);
            FAIL("the write should have failed");
        } catch (const heritage::Error& error) {
            CHECK(std::string(error.what()) ==
                  file.string() +
                      ": cannot write (File too large); the previous file is "
                      "unchanged; free some disk space or check permissions, then "
                      "save again");
        }
    }
    CHECK(test::read_text(file) == before);
    CHECK(count_files(copy) == files_before);
}

TEST_CASE("saving into a folder that cannot exist gives a clear error", "[write][issue-2]") {
    const fs::path root = test::make_temp_dir("blocked");
    test::write_text(root / "artifacts", "a file where the folder should be");
    const PackageReadResult original = read_package(test::test_data_dir() / "minimal-exhibit");
    try {
        write_artifact(root, original.package.artifacts[0]);
        FAIL("the write should have failed");
    } catch (const heritage::Error& error) {
        CHECK(std::string(error.what()) ==
              (root / "artifacts/khen-mong").string() +
                  ": cannot create the folder (Not a directory); check the path and permissions");
    }
}
