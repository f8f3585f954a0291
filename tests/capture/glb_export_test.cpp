// .glb export: re-imported by Assimp, the model has the same triangles, metres with +Y up, the
// UVs, and the atlas embedded as PNG.
#include "capture/glb_export.h"

#include <assimp/cimport.h>
#include <assimp/postprocess.h>
#include <assimp/scene.h>

#include <catch2/catch.hpp>

#include <cstring>
#include <memory>

#include <opencv2/imgcodecs.hpp>

#include "exhibit/error.h"
#include "tests/support/test_support.h"

namespace heritage::capture {
namespace {

// A box 40 x 60 x 80 mm standing on the board (z from 0 to 80), its faces CCW from outside,
// each face with its own four vertices and UVs into a 2 x 3 grid of cells of the atlas.
Mesh textured_box() {
    Mesh mesh;
    const cv::Vec3f lo(-20, -30, 0), hi(20, 30, 80);
    // For each face: an outward normal and two in-plane axes u, v with u x v = normal.
    const cv::Vec3f normals[6] = {{1, 0, 0},  {-1, 0, 0}, {0, 1, 0},
                                  {0, -1, 0}, {0, 0, 1},  {0, 0, -1}};
    const cv::Vec3f centre = (lo + hi) * 0.5f, half = (hi - lo) * 0.5f;
    for (int f = 0; f < 6; ++f) {
        const cv::Vec3f n = normals[f];
        const cv::Vec3f u = std::abs(n[2]) > 0 ? cv::Vec3f(1, 0, 0) : cv::Vec3f(0, 0, 1);
        const cv::Vec3f v = n.cross(u);
        const auto base = static_cast<std::uint32_t>(mesh.positions_mm.size());
        const float corner[4][2] = {{-1, -1}, {1, -1}, {1, 1}, {-1, 1}};
        for (const auto& c : corner) {
            cv::Vec3f p = centre + n.mul(half);
            p += u.mul(half) * c[0] + v.mul(half) * c[1];
            mesh.positions_mm.push_back(p);
            mesh.normals.push_back(n);
            const float cell_x = static_cast<float>(f % 2), cell_y = static_cast<float>(f / 2);
            mesh.uvs.push_back({(cell_x + 0.25f + 0.5f * (c[0] + 1) / 2) / 2.0f,
                                (cell_y + 0.25f + 0.5f * (c[1] + 1) / 2) / 3.0f});
        }
        // u x v = n, so (0, 1, 2) is CCW seen from outside.
        mesh.indices.insert(mesh.indices.end(),
                            {base, base + 1, base + 2, base, base + 2, base + 3});
    }
    mesh.atlas = cv::Mat(96, 64, CV_8UC3, cv::Scalar(40, 120, 200));
    return mesh;
}

struct ImportedScene {
    const aiScene* scene = nullptr;
    ~ImportedScene() { aiReleaseImport(scene); }
};

}  // namespace

TEST_CASE("export_glb: re-imported, the model is the same in metres with +Y up", "[glb]") {
    const Mesh mesh = textured_box();
    const std::string bytes = export_glb(mesh);
    REQUIRE(bytes.substr(0, 4) == "glTF");

    ImportedScene imported;
    imported.scene = aiImportFileFromMemory(bytes.data(), static_cast<unsigned>(bytes.size()),
                                            aiProcess_JoinIdenticalVertices, "glb");
    REQUIRE(imported.scene != nullptr);
    const aiScene& scene = *imported.scene;
    REQUIRE(scene.mNumMeshes == 1);
    const aiMesh& ai_mesh = *scene.mMeshes[0];
    CHECK(ai_mesh.mNumFaces == mesh.triangle_count());
    aiVector3D lo(1e9f, 1e9f, 1e9f), hi(-1e9f, -1e9f, -1e9f);
    for (unsigned v = 0; v < ai_mesh.mNumVertices; ++v) {
        const aiVector3D& p = ai_mesh.mVertices[v];
        lo = {std::min(lo.x, p.x), std::min(lo.y, p.y), std::min(lo.z, p.z)};
        hi = {std::max(hi.x, p.x), std::max(hi.y, p.y), std::max(hi.z, p.z)};
    }
    // World x in [-20, 20], y in [-30, 30], z in [0, 80] mm: glTF (x, z, -y) in metres.
    CHECK(lo.x == Approx(-0.020f));
    CHECK(hi.x == Approx(0.020f));
    CHECK(lo.y == Approx(0.0f).margin(1e-6));
    CHECK(hi.y == Approx(0.080f));
    CHECK(lo.z == Approx(-0.030f));
    CHECK(hi.z == Approx(0.030f));

    // The top face's normal (world +Z) is glTF +Y; every normal stays outward.
    REQUIRE(ai_mesh.HasNormals());
    for (unsigned v = 0; v < ai_mesh.mNumVertices; ++v) {
        const aiVector3D& p = ai_mesh.mVertices[v];
        const aiVector3D& n = ai_mesh.mNormals[v];
        const aiVector3D from_centre = p - aiVector3D(0, 0.040f, 0);
        CHECK(from_centre * n > 0);
        if (p.y > 0.079f && std::abs(n.y) > 0.5f)
            CHECK(n.y == Approx(1.0f));
    }
    // Faces stay CCW from outside: (b - a) x (c - a) points away from the centre.
    for (unsigned f = 0; f < ai_mesh.mNumFaces; ++f) {
        const aiFace& face = ai_mesh.mFaces[f];
        const aiVector3D a = ai_mesh.mVertices[face.mIndices[0]];
        const aiVector3D b = ai_mesh.mVertices[face.mIndices[1]];
        const aiVector3D c = ai_mesh.mVertices[face.mIndices[2]];
        const aiVector3D centroid = (a + b + c) / 3.0f - aiVector3D(0, 0.040f, 0);
        CHECK(((b - a) ^ (c - a)) * centroid > 0);
    }

    // The UVs: Assimp's importer flips V to its bottom-left convention.
    REQUIRE(ai_mesh.HasTextureCoords(0));
    std::size_t matched = 0;
    for (unsigned v = 0; v < ai_mesh.mNumVertices; ++v)
        for (std::size_t i = 0; i < mesh.positions_mm.size(); ++i) {
            const aiVector3D expected = {mesh.positions_mm[i][0] / 1000,
                                         mesh.positions_mm[i][2] / 1000,
                                         -mesh.positions_mm[i][1] / 1000};
            const aiVector3D uv = ai_mesh.mTextureCoords[0][v];
            if ((ai_mesh.mVertices[v] - expected).Length() < 1e-6f &&
                std::abs(uv.x - mesh.uvs[i][0]) < 1e-6f &&
                std::abs(1.0f - uv.y - mesh.uvs[i][1]) < 1e-6f)
                ++matched;
        }
    CHECK(matched == ai_mesh.mNumVertices);

    // The atlas, embedded as PNG, decodes to the same pixels.
    REQUIRE(scene.mNumTextures == 1);
    const aiTexture& texture = *scene.mTextures[0];
    CHECK(texture.mHeight == 0);
    const std::vector<unsigned char> png(
        reinterpret_cast<const unsigned char*>(texture.pcData),
        reinterpret_cast<const unsigned char*>(texture.pcData) + texture.mWidth);
    const cv::Mat decoded = cv::imdecode(png, cv::IMREAD_COLOR);
    REQUIRE(decoded.size() == mesh.atlas.size());
    CHECK(cv::norm(decoded, mesh.atlas, cv::NORM_INF) == 0);
    aiString path;
    REQUIRE(scene.mMaterials[ai_mesh.mMaterialIndex]->GetTexture(aiTextureType_DIFFUSE, 0, &path) ==
            aiReturn_SUCCESS);
    CHECK(std::string(path.C_Str()) == "*0");
}

TEST_CASE("write_glb: writes the file; an untextured mesh gets a plain material", "[glb]") {
    Mesh mesh = textured_box();
    const auto folder = test::make_temp_dir("glb_export");
    write_glb(folder / "textured.glb", mesh);
    CHECK(std::filesystem::file_size(folder / "textured.glb") > 100);

    mesh.uvs.clear();
    mesh.atlas = cv::Mat();
    write_glb(folder / "untextured.glb", mesh);
    ImportedScene imported;
    imported.scene = aiImportFile((folder / "untextured.glb").string().c_str(), 0);
    REQUIRE(imported.scene != nullptr);
    CHECK(imported.scene->mNumTextures == 0);
    CHECK(imported.scene->mMeshes[0]->mNumFaces == 12);
    CHECK_FALSE(imported.scene->mMeshes[0]->HasTextureCoords(0));
}

TEST_CASE("write_glb: problems are named", "[glb]") {
    Mesh empty;
    CHECK_THROWS_WITH(export_glb(empty),
                      "glb export: the mesh has no triangles; check the dense and mesh stages' "
                      "output");
    const auto folder = test::make_temp_dir("glb_export_errors");
    CHECK_THROWS_AS(write_glb(folder / "no-such-folder" / "model.glb", textured_box()),
                    heritage::Error);
}

}  // namespace heritage::capture
