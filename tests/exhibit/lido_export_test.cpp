#include "exhibit/lido_export.h"

#include <catch2/catch.hpp>
#include <cstdlib>

#include "exhibit/package_read.h"
#include "tests/support/test_support.h"

using namespace heritage::exhibit;
namespace test = heritage::test;

TEST_CASE("LIDO export is valid against the LIDO 1.1 schema", "[lido][issue-2]") {
    const PackageReadResult package = read_package(test::test_data_dir() / "minimal-exhibit");
    REQUIRE(package.valid());
    const std::string xml = export_lido(package.package);

    // One record per artifact, titles in both languages, the model and its face count.
    CHECK(xml.find("<lido:lidoRecID lido:type=\"http://terminology.lido-schema.org/lido00100\">"
                   "minimal-exhibit/trong-dong</lido:lidoRecID>") != std::string::npos);
    CHECK(
        xml.find(
            "<lido:appellationValue xml:lang=\"vi\">Trống đồng Gia Phú</lido:appellationValue>") !=
        std::string::npos);
    CHECK(
        xml.find(
            "<lido:appellationValue xml:lang=\"en\">Gia Phú bronze drum</lido:appellationValue>") !=
        std::string::npos);
    CHECK(
        xml.find(
            "<lido:workID lido:type=\"http://terminology.lido-schema.org/lido00113\">TEST-0001") !=
        std::string::npos);
    CHECK(xml.find("<lido:measurementValue>630</lido:measurementValue>") != std::string::npos);
    CHECK(xml.find("artifacts/trong-dong/model.glb</lido:linkResource>") != std::string::npos);
    CHECK(xml.find("<lido:term xml:lang=\"vi\">Mông</lido:term>") != std::string::npos);  // culture

    const auto folder = test::make_temp_dir("lido");
    test::write_text(folder / "lido.xml", xml);
    const std::string schema = (test::shared_dir() / "schemas/lido/lido-v1.1.xsd").string();
    INFO("the LIDO schema is read from " << schema);
    REQUIRE(std::filesystem::exists(schema));
    const std::string command = "xmllint --noout --schema '" + schema + "' '" +
                                (folder / "lido.xml").string() + "' 2>" +
                                (folder / "xmllint.txt").string();
    const int status = std::system(command.c_str());
    INFO(test::read_text(folder / "xmllint.txt"));
    CHECK(status == 0);
}
