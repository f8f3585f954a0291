#include "viewer/ui/artifact_filter.h"

#include <catch2/catch.hpp>

#include "exhibit/package_read.h"

using namespace heritage;
using namespace heritage::viewer;

namespace {

const exhibit::Package& sample() {
    static const exhibit::PackageReadResult result =
        exhibit::read_package(HERITAGE_SAMPLE_EXHIBIT_DIR);
    return result.package;
}

std::vector<std::string> matching(const ArtifactFilter& filter) {
    std::vector<std::string> ids;
    for (const exhibit::Artifact& artifact : sample().artifacts) {
        if (artifact_matches(sample(), artifact, filter))
            ids.push_back(artifact.id);
    }
    return ids;
}

}  // namespace

TEST_CASE("search ignores diacritics and case", "[search][issue-4]") {
    using Ids = std::vector<std::string>;
    CHECK(matching({"", "", "trong dong"}) == Ids{"trong-dong-gia-phu", "trong-dong-pha-long"});
    CHECK(matching({"", "", "TRỐNG ĐỒNG"}) == Ids{"trong-dong-gia-phu", "trong-dong-pha-long"});
    CHECK(matching({"", "", "khen"}) == Ids{"khen-mong"});
    CHECK(matching({"", "", "  pha   long "}) == Ids{"trong-dong-pha-long"});
    CHECK(matching({"", "", "zzz-nothing"}).empty());
}

TEST_CASE("filters by people, local groups included, and by kind", "[search][issue-4]") {
    using Ids = std::vector<std::string>;
    // The Pa Dí hat shows under Tày: Pa Dí is a local group of the Tày.
    const Ids tay = matching({"tay", "", ""});
    CHECK(std::find(tay.begin(), tay.end(), "mu-khun-tang-pa-di") != tay.end());
    CHECK(std::find(tay.begin(), tay.end(), "dan-tinh-tay") != tay.end());
    CHECK(matching({"", "archaeology", ""}) == Ids{"trong-dong-gia-phu", "trong-dong-pha-long"});
    CHECK(matching({"mong", "jewellery", ""}) == Ids{"vong-co-bac-mong"});
    // A search for a people's name finds their artifacts.
    const Ids dao = matching({"", "", "dao do"});
    CHECK(std::find(dao.begin(), dao.end(), "tranh-tho-dao-do") != dao.end());
}

TEST_CASE("a half-typed multibyte character matches nothing instead of failing", "[search]") {
    CHECK(matching({"", "", "tr\xE1\xBB"}).empty());
}
