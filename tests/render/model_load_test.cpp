// load_model: every sample model against what its artifact.json and its own glTF JSON say;
// node transforms, materials and textures on hand-made files; the user's error messages.
#include "render/scene/model_load.h"

#include <stb/stb_image_write.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "exhibit/error.h"
#include "exhibit/package_read.h"
#include "tests/support/test_support.h"

using namespace heritage::render;
namespace fs = std::filesystem;
namespace test = heritage::test;
using nlohmann::json;

namespace {

const fs::path kSampleDir = HERITAGE_SAMPLE_EXHIBIT_DIR;

// The message load_model throws for `file`, or "" when it loads.
std::string load_error(const fs::path& file) {
    try {
        load_model(file);
    } catch (const heritage::Error& error) {
        return error.what();
    }
    return "";
}

std::string read_bytes(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A .glb's JSON chunk and binary chunk, read straight from the file (not through Assimp).
struct Glb {
    json document;
    std::string bin;

    explicit Glb(const fs::path& file) {
        const std::string bytes = read_bytes(file);
        REQUIRE(bytes.size() >= 20);
        REQUIRE(bytes.compare(0, 4, "glTF") == 0);
        std::size_t at = 12;
        while (at + 8 <= bytes.size()) {
            std::uint32_t length = 0;
            std::memcpy(&length, bytes.data() + at, 4);
            const std::string type = bytes.substr(at + 4, 4);
            if (type == std::string("JSON", 4)) {
                document = json::parse(bytes.substr(at + 8, length));
            } else if (type == std::string("BIN\0", 4)) {
                bin = bytes.substr(at + 8, length);
            }
            at += 8 + length;
        }
    }

    // A float accessor's elements, `components` floats each.
    std::vector<float> floats(int accessor_index, int components) const {
        const json& accessor = document["accessors"][accessor_index];
        REQUIRE(accessor["componentType"] == 5126);  // FLOAT
        const json& view = document["bufferViews"][accessor["bufferView"].get<int>()];
        const std::size_t count = accessor["count"];
        const std::size_t offset =
            view.value("byteOffset", std::size_t(0)) + accessor.value("byteOffset", std::size_t(0));
        const std::size_t stride = view.value("byteStride", std::size_t(components * 4));
        std::vector<float> out(count * components);
        for (std::size_t i = 0; i < count; ++i) {
            std::memcpy(&out[i * components], bin.data() + offset + i * stride, components * 4);
        }
        return out;
    }
};

std::map<std::string, std::int64_t> sample_face_counts() {
    const auto result = heritage::exhibit::read_package(kSampleDir);
    std::map<std::string, std::int64_t> counts;
    for (const auto& artifact : result.package.artifacts) {
        REQUIRE(artifact.model.derivatives.size() == 1);
        REQUIRE(artifact.model.derivatives[0].face_count.has_value());
        counts[artifact.id] = *artifact.model.derivatives[0].face_count;
    }
    return counts;
}

// Writes a w x h RGBA PNG filled with `rgba`.
void write_png(const fs::path& file, int w, int h, std::array<std::uint8_t, 4> rgba) {
    std::vector<std::uint8_t> pixels;
    for (int i = 0; i < w * h; ++i) {
        pixels.insert(pixels.end(), rgba.begin(), rgba.end());
    }
    REQUIRE(stbi_write_png(file.string().c_str(), w, h, 4, pixels.data(), w * 4) != 0);
}

// A .gltf with one triangle (x, y in [0, 1], z = 0, UVs (0,0), (1,0), (0,1)) drawn by
// the nodes given, with the material given; the binary data in a data: URI.
void write_gltf(const fs::path& file, const json& nodes, const json& scene_nodes,
                const json& material, const json& images = json::array(),
                const json& textures = json::array()) {
    const float positions[] = {0, 0, 0, 1, 0, 0, 0, 1, 0};
    const float uvs[] = {0, 0, 1, 0, 0, 1};
    const std::uint16_t indices[] = {0, 1, 2, 0};  // padded to 4 bytes
    std::string bin;
    bin.append(reinterpret_cast<const char*>(positions), sizeof positions);
    bin.append(reinterpret_cast<const char*>(uvs), sizeof uvs);
    bin.append(reinterpret_cast<const char*>(indices), sizeof indices);
    static const char kBase64[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string encoded;
    for (std::size_t i = 0; i < bin.size(); i += 3) {
        std::uint32_t n = std::uint8_t(bin[i]) << 16;
        if (i + 1 < bin.size())
            n |= std::uint8_t(bin[i + 1]) << 8;
        if (i + 2 < bin.size())
            n |= std::uint8_t(bin[i + 2]);
        encoded += kBase64[(n >> 18) & 63];
        encoded += kBase64[(n >> 12) & 63];
        encoded += i + 1 < bin.size() ? kBase64[(n >> 6) & 63] : '=';
        encoded += i + 2 < bin.size() ? kBase64[n & 63] : '=';
    }
    json document = {
        {"asset", {{"version", "2.0"}}},
        {"scene", 0},
        {"scenes", {{{"nodes", scene_nodes}}}},
        {"nodes", nodes},
        {"meshes",
         {{{"primitives",
            {{{"attributes", {{"POSITION", 0}, {"TEXCOORD_0", 1}}},
              {"indices", 2},
              {"material", 0}}}}}}},
        {"materials", {material}},
        {"buffers",
         {{{"byteLength", bin.size()},
           {"uri", "data:application/octet-stream;base64," + encoded}}}},
        {"bufferViews",
         {{{"buffer", 0}, {"byteOffset", 0}, {"byteLength", 36}},
          {{"buffer", 0}, {"byteOffset", 36}, {"byteLength", 24}},
          {{"buffer", 0}, {"byteOffset", 60}, {"byteLength", 6}}}},
        {"accessors",
         {{{"bufferView", 0},
           {"componentType", 5126},
           {"count", 3},
           {"type", "VEC3"},
           {"min", {0, 0, 0}},
           {"max", {1, 1, 0}}},
          {{"bufferView", 1}, {"componentType", 5126}, {"count", 3}, {"type", "VEC2"}},
          {{"bufferView", 2}, {"componentType", 5123}, {"count", 3}, {"type", "SCALAR"}}}},
    };
    if (!images.empty()) {
        document["images"] = images;
        document["textures"] = textures;
    }
    test::write_text(file, document.dump(2));
}

const json kPlainMaterial = {{"name", "plain"}};

}  // namespace

TEST_CASE("every sample model loads with its face count and its glTF bounds",
          "[model_load][sample]") {
    const std::map<std::string, std::int64_t> face_counts = sample_face_counts();
    REQUIRE(face_counts.size() >= 10);
    for (const auto& [id, face_count] : face_counts) {
        INFO(id);
        const fs::path file = kSampleDir / "artifacts" / id / "model.glb";
        const CpuModel model = load_model(file);
        CHECK(model.triangle_count == std::size_t(face_count));
        CHECK(model.warnings.empty());

        // Bounds: the union of the POSITION accessors' min and max.
        const Glb glb(file);
        glm::vec3 min(INFINITY), max(-INFINITY);
        std::size_t primitives = 0;
        for (const json& mesh : glb.document["meshes"]) {
            for (const json& primitive : mesh["primitives"]) {
                const json& accessor =
                    glb.document["accessors"][primitive["attributes"]["POSITION"].get<int>()];
                for (int axis = 0; axis < 3; ++axis) {
                    min[axis] = std::min(min[axis], accessor["min"][axis].get<float>());
                    max[axis] = std::max(max[axis], accessor["max"][axis].get<float>());
                }
                ++primitives;
            }
        }
        for (int axis = 0; axis < 3; ++axis) {
            CHECK(model.bounds.min[axis] == Approx(min[axis]).margin(1e-6));
            CHECK(model.bounds.max[axis] == Approx(max[axis]).margin(1e-6));
        }

        // One CpuMesh per primitive; sound meshes; materials and textures as in the file.
        CHECK(model.meshes.size() == primitives);
        std::size_t triangles = 0;
        for (const CpuMesh& mesh : model.meshes) {
            CHECK(mesh.normals.size() == mesh.positions.size());
            CHECK(mesh.uvs.size() == mesh.positions.size());
            CHECK(mesh.indices.size() % 3 == 0);
            CHECK(std::all_of(mesh.indices.begin(), mesh.indices.end(),
                              [&](std::uint32_t i) { return i < mesh.positions.size(); }));
            CHECK(std::all_of(mesh.normals.begin(), mesh.normals.end(),
                              [](glm::vec3 n) { return std::abs(glm::length(n) - 1.0f) < 1e-4f; }));
            REQUIRE(mesh.material >= 0);
            REQUIRE(std::size_t(mesh.material) < model.materials.size());
            triangles += mesh.indices.size() / 3;
        }
        CHECK(triangles == model.triangle_count);
        // Materials as the file has them, matched by name (Assimp orders them by first use),
        // and each primitive with its own material.
        const json& materials = glb.document["materials"];
        REQUIRE(model.materials.size() == materials.size());
        std::map<std::string, const CpuMaterial*> by_name;
        for (const CpuMaterial& material : model.materials) {
            by_name[material.name] = &material;
        }
        REQUIRE(by_name.size() == materials.size());
        for (const json& source : materials) {
            INFO("material " << source["name"]);
            REQUIRE(by_name.count(source["name"]) == 1);
            const CpuMaterial& material = *by_name[source["name"]];
            const json& pbr = source["pbrMetallicRoughness"];
            CHECK(material.metallic_factor == Approx(pbr.value("metallicFactor", 1.0)));
            CHECK(material.roughness_factor == Approx(pbr.value("roughnessFactor", 1.0)));
            CHECK(material.base_color_factor == glm::vec4(1.0f));
            CHECK_FALSE(material.unlit);
            CHECK_FALSE(material.double_sided);
            CHECK(material.metallic_roughness_texture == -1);
            CHECK(material.normal_texture == -1);
            REQUIRE(material.base_color_texture >= 0);
            REQUIRE(std::size_t(material.base_color_texture) < model.textures.size());
        }
        std::size_t primitive_index = 0;
        for (const json& mesh : glb.document["meshes"]) {
            for (const json& primitive : mesh["primitives"]) {
                const std::string name =
                    materials[primitive["material"].get<int>()]["name"].get<std::string>();
                CHECK(model.materials[model.meshes.at(primitive_index++).material].name == name);
            }
        }
        CHECK(model.textures.size() == glb.document["images"].size());
        for (const CpuTexture& texture : model.textures) {
            CHECK(texture.width > 0);
            CHECK(texture.height > 0);
            CHECK(texture.rgba.size() == std::size_t(texture.width) * texture.height * 4);
        }
    }
}

TEST_CASE("UVs keep glTF's top-left origin: the file's TEXCOORD_0 at each vertex",
          "[model_load][sample]") {
    for (const auto& entry : fs::directory_iterator(kSampleDir / "artifacts")) {
        const fs::path file = entry.path() / "model.glb";
        INFO(file);
        const Glb glb(file);
        // Every position of the file with the UVs it carries there (several on a seam).
        std::map<std::array<float, 3>, std::vector<glm::vec2>> uvs_at;
        for (const json& mesh : glb.document["meshes"]) {
            for (const json& primitive : mesh["primitives"]) {
                const json& attributes = primitive["attributes"];
                const auto p = glb.floats(attributes["POSITION"].get<int>(), 3);
                const auto t = glb.floats(attributes["TEXCOORD_0"].get<int>(), 2);
                for (std::size_t v = 0; v < p.size() / 3; ++v) {
                    uvs_at[{p[3 * v], p[3 * v + 1], p[3 * v + 2]}].push_back(
                        {t[2 * v], t[2 * v + 1]});
                }
            }
        }
        const CpuModel model = load_model(file);
        for (const CpuMesh& mesh : model.meshes) {
            for (std::size_t v = 0; v < mesh.positions.size(); ++v) {
                const glm::vec3 p = mesh.positions[v];
                const auto found = uvs_at.find({p.x, p.y, p.z});
                REQUIRE(found != uvs_at.end());
                const glm::vec2 uv = mesh.uvs[v];
                INFO("vertex " << v << " at " << p.x << ", " << p.y << ", " << p.z << ": uv "
                               << uv.x << ", " << uv.y);
                CHECK(std::any_of(found->second.begin(), found->second.end(),
                                  [&](glm::vec2 t) { return glm::length(t - uv) < 1e-6f; }));
            }
        }
    }
}

TEST_CASE("the drum's face texture lands the right way up on the face", "[model_load][sample]") {
    // The generator maps the tympanum disc's x, z in [-r, r] onto u, v in [0, 1] (v along +Z)
    // and paints the star's centre in the relief colour (150, 128, 82).
    const CpuModel model = load_model(kSampleDir / "artifacts/trong-dong-gia-phu/model.glb");
    const float radius = 0.315f;
    const auto face = std::find_if(model.meshes.begin(), model.meshes.end(), [&](const CpuMesh& m) {
        return model.materials[m.material].name == "tympanum";
    });
    REQUIRE(face != model.meshes.end());
    int checked = 0;
    for (std::size_t v = 0; v < face->positions.size(); ++v) {
        const glm::vec3 p = face->positions[v];
        INFO("vertex at " << p.x << ", " << p.y << ", " << p.z);
        CHECK(face->uvs[v].x == Approx(0.5f + p.x / (2 * radius)).margin(1e-5));
        CHECK(face->uvs[v].y == Approx(0.5f + p.z / (2 * radius)).margin(1e-5));
        ++checked;
    }
    CHECK(checked > 700);

    const CpuTexture& texture =
        model.textures.at(model.materials[face->material].base_color_texture);
    CHECK(texture.width == 1024);
    CHECK(texture.height == 1024);
    const std::size_t centre = (std::size_t(512) * texture.width + 512) * 4;
    CHECK(int(texture.rgba[centre + 0]) == Approx(150).margin(3));
    CHECK(int(texture.rgba[centre + 1]) == Approx(128).margin(3));
    CHECK(int(texture.rgba[centre + 2]) == Approx(82).margin(3));
    CHECK(int(texture.rgba[centre + 3]) == 255);
}

TEST_CASE("progress climbs from 0 to 1, Assimp's share first", "[model_load]") {
    std::vector<float> reports;
    load_model(kSampleDir / "artifacts/trong-dong-pha-long/model.glb",
               [&](float fraction) { reports.push_back(fraction); });
    REQUIRE(reports.size() >= 3);
    CHECK(reports.front() == 0.0f);
    CHECK(reports.back() == 1.0f);
    CHECK(std::is_sorted(reports.begin(), reports.end()));
    CHECK(std::adjacent_find(reports.begin(), reports.end()) == reports.end());  // no repeats
    CHECK(std::find(reports.begin(), reports.end(), 0.8f) != reports.end());     // Assimp done
}

TEST_CASE("node transforms place each instance of a mesh", "[model_load]") {
    const fs::path dir = test::make_temp_dir("model-load-nodes");
    // Node 0 (a parent moved by +10 x) holds node 1: scaled by 2, moved by (1, 2, 3), and
    // node 2: mirrored in x. Node 3, at the root, rotates 90° about Y (quaternion).
    const float s = std::sqrt(0.5f);
    const json nodes = {
        {{"translation", {10, 0, 0}}, {"children", {1, 2}}},
        {{"mesh", 0}, {"translation", {1, 2, 3}}, {"scale", {2, 2, 2}}},
        {{"mesh", 0}, {"scale", {-1, 1, 1}}},
        {{"mesh", 0}, {"rotation", {0, s, 0, s}}},
    };
    write_gltf(dir / "nodes.gltf", nodes, {0, 3}, kPlainMaterial);
    const CpuModel model = load_model(dir / "nodes.gltf");
    REQUIRE(model.meshes.size() == 3);
    CHECK(model.triangle_count == 3);
    const auto corners = [](const CpuMesh& mesh) {
        std::vector<glm::vec3> out;
        for (std::uint32_t i : mesh.indices)
            out.push_back(mesh.positions[i]);
        return out;
    };
    const auto near = [](glm::vec3 a, glm::vec3 b) { return glm::length(a - b) < 1e-5f; };
    // Instances come in the file's node order. Corners in winding order start anywhere.
    const auto same_triangle = [&](std::vector<glm::vec3> got, std::vector<glm::vec3> want) {
        for (int turn = 0; turn < 3; ++turn) {
            if (near(got[0], want[0]) && near(got[1], want[1]) && near(got[2], want[2])) {
                return true;
            }
            std::rotate(got.begin(), got.begin() + 1, got.end());
        }
        return false;
    };
    CHECK(same_triangle(corners(model.meshes[0]), {{11, 2, 3}, {13, 2, 3}, {11, 4, 3}}));
    // Mirrored: the winding is swapped so that the front still faces +Z.
    CHECK(same_triangle(corners(model.meshes[1]), {{10, 0, 0}, {10, 1, 0}, {9, 0, 0}}));
    CHECK(same_triangle(corners(model.meshes[2]), {{0, 0, 0}, {0, 0, -1}, {0, 1, 0}}));
    // Normals (generated by Assimp: +Z in the mesh) follow the transform.
    CHECK(near(model.meshes[0].normals[0], {0, 0, 1}));
    CHECK(near(model.meshes[1].normals[0], {0, 0, 1}));
    CHECK(near(model.meshes[2].normals[0], {1, 0, 0}));
    CHECK(near(model.bounds.min, {0, 0, -1}));
    CHECK(near(model.bounds.max, {13, 4, 3}));
    // The UVs (0,0), (1,0), (0,1) of the file, unchanged.
    const CpuMesh& mesh = model.meshes[0];
    for (std::size_t v = 0; v < mesh.positions.size(); ++v) {
        const glm::vec3 local = (mesh.positions[v] - glm::vec3(11, 2, 3)) / 2.0f;
        CHECK(mesh.uvs[v].x == Approx(local.x));
        CHECK(mesh.uvs[v].y == Approx(local.y));
    }
}

TEST_CASE("glTF materials: factors, unlit, double-sided, textures decoded once", "[model_load]") {
    const fs::path dir = test::make_temp_dir("model-load-material");
    fs::create_directories(dir / "textures");
    write_png(dir / "textures/colour.png", 4, 2, {200, 100, 50, 255});
    write_png(dir / "textures/orm.png", 2, 2, {0, 128, 255, 255});
    const json material = {
        {"name", "painted"},
        {"doubleSided", true},
        {"extensions", {{"KHR_materials_unlit", json::object()}}},
        {"pbrMetallicRoughness",
         {{"baseColorFactor", {0.5, 0.25, 1.0, 0.75}},
          {"baseColorTexture", {{"index", 0}}},
          {"metallicFactor", 0.3},
          {"roughnessFactor", 0.7},
          {"metallicRoughnessTexture", {{"index", 1}}}}},
        {"normalTexture", {{"index", 2}}},
    };
    // Texture 2 names the same image file as texture 0 through a second image entry.
    const json images = {{{"uri", "textures/colour.png"}},
                         {{"uri", "textures/orm.png"}},
                         {{"uri", "textures/../textures/colour.png"}}};
    const json textures = {{{"source", 0}}, {{"source", 1}}, {{"source", 2}}};
    write_gltf(dir / "painted.gltf", {{{"mesh", 0}}}, {0}, material, images, textures);

    const CpuModel model = load_model(dir / "painted.gltf");
    REQUIRE(model.materials.size() == 1);
    const CpuMaterial& out = model.materials[0];
    CHECK(out.name == "painted");
    CHECK(out.base_color_factor == glm::vec4(0.5f, 0.25f, 1.0f, 0.75f));
    CHECK(out.metallic_factor == Approx(0.3f));
    CHECK(out.roughness_factor == Approx(0.7f));
    CHECK(out.unlit);
    CHECK(out.double_sided);
    REQUIRE(model.textures.size() == 2);  // colour.png once, orm.png
    REQUIRE(out.base_color_texture >= 0);
    REQUIRE(out.metallic_roughness_texture >= 0);
    CHECK(out.normal_texture == out.base_color_texture);
    const CpuTexture& colour = model.textures[out.base_color_texture];
    CHECK(colour.width == 4);
    CHECK(colour.height == 2);
    CHECK(std::vector<int>(colour.rgba.begin(), colour.rgba.begin() + 4) ==
          std::vector<int>{200, 100, 50, 255});
    const CpuTexture& orm = model.textures[out.metallic_roughness_texture];
    CHECK(std::vector<int>(orm.rgba.begin(), orm.rgba.begin() + 4) ==
          std::vector<int>{0, 128, 255, 255});
    CHECK(model.warnings.empty());
}

TEST_CASE("a texture that cannot be read is a warning, not a failure", "[model_load]") {
    const fs::path dir = test::make_temp_dir("model-load-missing-texture");
    const json material = {{"name", "painted"},
                           {"pbrMetallicRoughness", {{"baseColorTexture", {{"index", 0}}}}}};
    write_gltf(dir / "painted.gltf", {{{"mesh", 0}}}, {0}, material, {{{"uri", "gone.png"}}},
               {{{"source", 0}}});
    const CpuModel model = load_model(dir / "painted.gltf");
    CHECK(model.triangle_count == 1);
    CHECK(model.materials.at(0).base_color_texture == -1);
    CHECK(model.textures.empty());
    CHECK(model.warnings ==
          std::vector<std::string>{(dir / "painted.gltf").string() +
                                   ": texture \"gone.png\" cannot be read (file not found), so "
                                   "the model is shown without it; export the model again with "
                                   "its textures"});
}

TEST_CASE("OBJ: quads become triangles, UVs turn to the top-left origin", "[model_load]") {
    const fs::path dir = test::make_temp_dir("model-load-obj");
    test::write_text(dir / "quad.obj",
                     "v 0 0 0\nv 2 0 0\nv 2 1 0\nv 0 1 0\n"
                     "vt 0 0\nvt 1 0\nvt 1 1\nvt 0 1\n"
                     "f 1/1 2/2 3/3 4/4\n");
    const CpuModel model = load_model(dir / "quad.obj");
    CHECK(model.triangle_count == 2);
    REQUIRE(model.meshes.size() == 1);
    REQUIRE(model.materials.size() == 1);
    const CpuMesh& mesh = model.meshes[0];
    REQUIRE(mesh.uvs.size() == mesh.positions.size());
    for (std::size_t v = 0; v < mesh.positions.size(); ++v) {
        // OBJ's v = y / 1 (origin bottom left) becomes 1 - y.
        CHECK(mesh.uvs[v].x == Approx(mesh.positions[v].x / 2.0f));
        CHECK(mesh.uvs[v].y == Approx(1.0f - mesh.positions[v].y));
        CHECK(glm::length(mesh.normals[v] - glm::vec3(0, 0, 1)) < 1e-5f);  // generated
    }
    CHECK(model.bounds.min == glm::vec3(0, 0, 0));
    CHECK(model.bounds.max == glm::vec3(2, 1, 0));
}

TEST_CASE("a percent-encoded texture URI finds its file", "[model_load]") {
    const fs::path dir = test::make_temp_dir("model-load-uri");
    write_png(dir / "my colour.png", 2, 2, {10, 20, 30, 255});
    const json material = {{"name", "painted"},
                           {"pbrMetallicRoughness", {{"baseColorTexture", {{"index", 0}}}}}};
    write_gltf(dir / "painted.gltf", {{{"mesh", 0}}}, {0}, material, {{{"uri", "my%20colour.png"}}},
               {{{"source", 0}}});
    const CpuModel model = load_model(dir / "painted.gltf");
    CHECK(model.warnings.empty());
    REQUIRE(model.textures.size() == 1);
    CHECK(model.textures[0].rgba[2] == 30);
}

TEST_CASE("OBJ materials: diffuse colour and map_Kd become the base colour", "[model_load]") {
    const fs::path dir = test::make_temp_dir("model-load-obj-material");
    write_png(dir / "wood.png", 8, 4, {120, 80, 40, 255});
    test::write_text(dir / "box.mtl", "newmtl wood\nKd 0.5 0.25 0.125\nd 1\nmap_Kd wood.png\n");
    test::write_text(dir / "box.obj",
                     "mtllib box.mtl\nv 0 0 0\nv 1 0 0\nv 0 1 0\nvt 0 0\nvt 1 0\nvt 0 1\n"
                     "usemtl wood\nf 1/1 2/2 3/3\n");
    const CpuModel model = load_model(dir / "box.obj");
    REQUIRE(model.materials.size() == 1);
    const CpuMaterial& wood = model.materials[0];
    CHECK(wood.name == "wood");
    CHECK(wood.base_color_factor == glm::vec4(0.5f, 0.25f, 0.125f, 1.0f));
    REQUIRE(wood.base_color_texture == 0);
    CHECK(model.textures.at(0).width == 8);
    CHECK(model.textures.at(0).height == 4);
}

TEST_CASE("a missing model file: the message says what to do", "[model_load][errors]") {
    const fs::path file = test::make_temp_dir("model-load-missing") / "model.glb";
    CHECK(load_error(file) == file.string() +
                                  ": model file not found; check the artifact's \"model\" entry "
                                  "or add the file");
}

TEST_CASE("a corrupt .glb: the message gives Assimp's reason", "[model_load][errors]") {
    const fs::path dir = test::make_temp_dir("model-load-corrupt");
    SECTION("garbage bytes") {
        std::string garbage;
        for (int i = 0; i < 3000; ++i)
            garbage += char((i * 7919) % 251);
        test::write_text(dir / "model.glb", garbage);
        CHECK(load_error(dir / "model.glb") ==
              (dir / "model.glb").string() +
                  ": the model file is damaged or not in a format we can read (No suitable reader "
                  "found for the file format of file \"model.glb\"); export the model again as "
                  ".glb");
    }
    SECTION("a .glb cut short in copying") {
        const std::string whole = read_bytes(kSampleDir / "artifacts/trong-dong-gia-phu/model.glb");
        test::write_text(dir / "model.glb", whole.substr(0, whole.size() / 2));
        CHECK(load_error(dir / "model.glb") ==
              (dir / "model.glb").string() +
                  ": the model file is damaged or not in a format we can read (GLTF: Invalid "
                  "byteLength exceeds size of actual data); export the model again as .glb");
    }
}

TEST_CASE("an empty file or one with no triangles: the message says so", "[model_load][errors]") {
    const fs::path dir = test::make_temp_dir("model-load-no-triangles");
    SECTION("an empty .glb") {
        test::write_text(dir / "model.glb", "");
        CHECK(load_error(dir / "model.glb") ==
              (dir / "model.glb").string() +
                  ": the model file is empty; copy the model again or export it again");
    }
    SECTION("a point cloud (.ply)") {
        test::write_text(dir / "points.ply",
                         "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\n"
                         "property float y\nproperty float z\nend_header\n0 0 0\n1 0 0\n0 1 0\n");
        CHECK(load_error(dir / "points.ply") ==
              (dir / "points.ply").string() +
                  ": the model has no triangles (only points or lines, or nothing); export it as "
                  "a triangle mesh");
    }
    SECTION("lines only (.obj)") {
        test::write_text(dir / "lines.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\nl 1 2 3\n");
        CHECK(load_error(dir / "lines.obj") ==
              (dir / "lines.obj").string() +
                  ": the model has no triangles (only points or lines, or nothing); export it as "
                  "a triangle mesh");
    }
}

TEST_CASE("a format we do not show, or a folder, is named as such", "[model_load][errors]") {
    const fs::path dir = test::make_temp_dir("model-load-format");
    test::write_text(dir / "model.fbx", "whatever");
    CHECK(load_error(dir / "model.fbx") ==
          (dir / "model.fbx").string() +
              ": model format \".fbx\" is not supported; export the model as .glb (or .gltf, "
              ".obj, .ply)");
    fs::create_directories(dir / "model.glb");
    CHECK(load_error(dir / "model.glb") ==
          (dir / "model.glb").string() +
              ": is a folder, not a model file; check the artifact's \"model\" entry");
}

TEST_CASE("world_from_model scales by the units and turns +Z up into +Y up", "[cpu_model]") {
    const auto apply = [](const glm::mat4& m, glm::vec3 p) {
        return glm::vec3(m * glm::vec4(p, 1));
    };
    CHECK(world_from_model("m", "+Y") == glm::mat4(1.0f));
    CHECK(glm::length(apply(world_from_model("cm", "+Y"), {100, 50, -20}) -
                      glm::vec3(1.0f, 0.5f, -0.2f)) < 1e-6f);
    const glm::mat4 z_up_mm = world_from_model("mm", "+Z");
    CHECK(apply(z_up_mm, {0, 0, 1000}) == glm::vec3(0, 1, 0));   // up stays up
    CHECK(apply(z_up_mm, {0, 1000, 0}) == glm::vec3(0, 0, -1));  // +Y (away) goes to -Z
    CHECK(apply(z_up_mm, {1000, 0, 0}) == glm::vec3(1, 0, 0));
    CHECK(glm::determinant(z_up_mm) > 0.0f);  // a turn, not a mirror
}
