// render/scene/model_load.cpp: the one place that reads model files. Assimp 5.2 parses and
// triangulates; we then flatten the node tree into CpuMeshes in model coordinates, turn Assimp's
// materials back into glTF metallic-roughness ones and decode each texture once with stb_image.
//
// UVs: Assimp gives every format's UVs with V up (origin bottom left; its glTF importer flips
// V on the way in). CpuMesh keeps glTF's convention (origin top left, rows of CpuTexture from
// the top), so each UV becomes (u, 1 - v).
#include "render/scene/model_load.h"

#include <assimp/config.h>
#include <assimp/material.h>
#include <assimp/postprocess.h>
#include <assimp/scene.h>
#include <stb/stb_image.h>

#include <assimp/Importer.hpp>
#include <assimp/ProgressHandler.hpp>

#include <algorithm>
#include <cassert>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "exhibit/error.h"

namespace heritage::render {
namespace {

namespace fs = std::filesystem;

// Share of the progress bar for Assimp's parsing and post-processing; our conversion (and
// texture decoding) fills the rest.
constexpr float kImportShare = 0.8f;

// Assimp 5.2's glTF importer marks KHR_materials_unlit with this key as well as with the
// shading model. (pbrmaterial.h names it, but that header is deprecated and warns.)
constexpr const char* kGltfUnlitKey = "$mat.gltf.unlit";

[[noreturn]] void fail(const fs::path& file, const std::string& what_and_advice) {
    throw Error(file.string() + ": " + what_and_advice);
}

std::string lower(std::string text) {
    for (char& c : text) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return text;
}

// Assimp's error text made short enough for a message: one line, no trailing full stop, and
// the file's name instead of its whole path (the message already starts with the path).
std::string brief_reason(std::string reason, const fs::path& file) {
    std::replace(reason.begin(), reason.end(), '\n', ' ');
    const std::string path = file.string();
    for (std::size_t at = reason.find(path); !path.empty() && at != std::string::npos;
         at = reason.find(path, at)) {
        reason.replace(at, path.size(), file.filename().string());
    }
    while (!reason.empty() && (reason.back() == '.' || reason.back() == ' ')) {
        reason.pop_back();
    }
    constexpr std::size_t kMaxLength = 200;
    if (reason.size() > kMaxLength) {
        reason = reason.substr(0, kMaxLength) + "...";
    }
    return reason.empty() ? "no reason given" : reason;
}

// Reports progress to the caller, never going backwards and never repeating a value.
class ProgressReporter {
  public:
    explicit ProgressReporter(const LoadProgress& callback) : callback_(callback) {}
    void report(float fraction) {
        fraction = std::clamp(fraction, 0.0f, 1.0f);
        if (callback_ && fraction > reported_) {
            reported_ = fraction;
            callback_(fraction);
        }
    }

  private:
    const LoadProgress& callback_;
    float reported_ = -1.0f;
};

// Assimp's progress (0..1 over one ReadFile or ApplyPostProcessing call) mapped onto the
// part of the bar that call has: [from, to] within 0..kImportShare.
class ImportProgress final : public Assimp::ProgressHandler {
  public:
    explicit ImportProgress(ProgressReporter& reporter) : reporter_(reporter) {}
    void set_range(float from, float to) {
        from_ = from;
        to_ = to;
    }
    bool Update(float percentage = -1.0f) override {
        if (percentage >= 0.0f) {  // -1 means "busy, fraction unknown"
            reporter_.report(from_ + std::min(percentage, 1.0f) * (to_ - from_));
        }
        return true;  // never cancel the import
    }

  private:
    ProgressReporter& reporter_;
    float from_ = 0.0f;
    float to_ = kImportShare;
};

glm::vec3 to_glm(const aiVector3D& v) {
    return {v.x, v.y, v.z};
}

glm::mat4 to_glm(const aiMatrix4x4& m) {
    // aiMatrix4x4 is row-major (a1..a4 is the first row); glm is column-major.
    return glm::mat4(m.a1, m.b1, m.c1, m.d1, m.a2, m.b2, m.c2, m.d2, m.a3, m.b3, m.c3, m.d3, m.a4,
                     m.b4, m.c4, m.d4);
}

// A boolean material property, whichever way the importer stored it (Assimp's glTF importer
// writes $mat.twosided as a one-byte buffer, others as an int).
bool material_flag(const aiMaterial& material, const char* key, unsigned type, unsigned index) {
    const aiMaterialProperty* property = nullptr;
    if (aiGetMaterialProperty(&material, key, type, index, &property) != AI_SUCCESS ||
        property == nullptr || property->mDataLength == 0) {
        return false;
    }
    if (property->mType == aiPTI_Integer && property->mDataLength >= sizeof(int)) {
        int value = 0;
        std::memcpy(&value, property->mData, sizeof(int));
        return value != 0;
    }
    if (property->mType == aiPTI_Float && property->mDataLength >= sizeof(float)) {
        float value = 0.0f;
        std::memcpy(&value, property->mData, sizeof(float));
        return value != 0.0f;
    }
    if (property->mType == aiPTI_Buffer) {
        return std::any_of(property->mData, property->mData + property->mDataLength,
                           [](char byte) { return byte != 0; });
    }
    return false;
}

// "my%20scan.png" -> "my scan.png".
std::string percent_decoded(const std::string& uri) {
    std::string out;
    out.reserve(uri.size());
    for (std::size_t i = 0; i < uri.size(); ++i) {
        if (uri[i] == '%' && i + 2 < uri.size() &&
            std::isxdigit(static_cast<unsigned char>(uri[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(uri[i + 2]))) {
            out += static_cast<char>(std::stoi(uri.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += uri[i];
        }
    }
    return out;
}

// Decodes each distinct texture source once and hands out its index in CpuModel::textures.
class TextureTable {
  public:
    TextureTable(const aiScene& scene, const fs::path& model_file, CpuModel& model)
        : scene_(scene), model_file_(model_file), model_(model) {}

    // The texture of `type` in `material`, or -1 when it has none or it cannot be read (then
    // a warning says why, once per source).
    int index(const aiMaterial& material, aiTextureType type) {
        aiString path;
        if (material.GetTextureCount(type) == 0 ||
            material.GetTexture(type, 0, &path) != AI_SUCCESS || path.length == 0) {
            return -1;
        }
        const std::string source = path.C_Str();

        // Embedded textures ("*N", or a file name that an embedded texture carries).
        const auto [embedded, embedded_index] = scene_.GetEmbeddedTextureAndIndex(source.c_str());
        if (embedded != nullptr) {
            const std::string key = "*" + std::to_string(embedded_index);
            if (const auto found = by_source_.find(key); found != by_source_.end()) {
                return found->second;
            }
            return remember(key, decode_embedded(*embedded), source);
        }
        if (source[0] == '*') {
            return remember(source, std::nullopt, source);
        }

        // External files, relative to the model; a URI may still be percent-encoded.
        fs::path file = (model_file_.parent_path() / source).lexically_normal();
        if (source.find('%') != std::string::npos && !fs::exists(file)) {
            const fs::path decoded =
                (model_file_.parent_path() / percent_decoded(source)).lexically_normal();
            if (fs::exists(decoded)) {
                file = decoded;
            }
        }
        const std::string key = file.string();
        if (const auto found = by_source_.find(key); found != by_source_.end()) {
            return found->second;
        }
        return remember(key, decode_file(file), source);
    }

  private:
    int remember(const std::string& key, std::optional<CpuTexture> texture,
                 const std::string& source) {
        int texture_index = -1;
        if (texture) {
            texture_index = static_cast<int>(model_.textures.size());
            model_.textures.push_back(std::move(*texture));
        } else {
            model_.warnings.push_back(model_file_.string() + ": texture \"" + source +
                                      "\" cannot be read (" + reason_ +
                                      "), so the model is shown without it; export the model "
                                      "again with its textures");
        }
        by_source_.emplace(key, texture_index);
        return texture_index;
    }

    std::optional<CpuTexture> decode_embedded(const aiTexture& embedded) {
        if (embedded.mHeight == 0) {
            // mWidth bytes of an image file (PNG, JPEG).
            if (embedded.mWidth > INT_MAX) {
                reason_ = "too large";
                return std::nullopt;
            }
            return decode_memory(reinterpret_cast<const stbi_uc*>(embedded.pcData),
                                 static_cast<int>(embedded.mWidth));
        }
        // Already decoded: mWidth x mHeight texels in BGRA order, rows from the top.
        CpuTexture texture;
        texture.width = static_cast<int>(embedded.mWidth);
        texture.height = static_cast<int>(embedded.mHeight);
        const std::size_t count = std::size_t(embedded.mWidth) * embedded.mHeight;
        texture.rgba.resize(count * 4);
        for (std::size_t i = 0; i < count; ++i) {
            const aiTexel& texel = embedded.pcData[i];
            texture.rgba[i * 4 + 0] = texel.r;
            texture.rgba[i * 4 + 1] = texel.g;
            texture.rgba[i * 4 + 2] = texel.b;
            texture.rgba[i * 4 + 3] = texel.a;
        }
        return texture;
    }

    std::optional<CpuTexture> decode_file(const fs::path& file) {
        std::ifstream in(file, std::ios::binary);
        if (!in) {
            reason_ = std::string("file ") + (fs::exists(file) ? "cannot be opened" : "not found");
            return std::nullopt;
        }
        const std::vector<char> bytes((std::istreambuf_iterator<char>(in)),
                                      std::istreambuf_iterator<char>());
        if (bytes.size() > INT_MAX) {
            reason_ = "too large";
            return std::nullopt;
        }
        return decode_memory(reinterpret_cast<const stbi_uc*>(bytes.data()),
                             static_cast<int>(bytes.size()));
    }

    std::optional<CpuTexture> decode_memory(const stbi_uc* bytes, int size) {
        // Rows from the top, whatever another part of the program asked stb for.
        stbi_set_flip_vertically_on_load_thread(0);
        int width = 0;
        int height = 0;
        int channels = 0;
        stbi_uc* pixels = stbi_load_from_memory(bytes, size, &width, &height, &channels, 4);
        if (pixels == nullptr) {
            const char* why = stbi_failure_reason();
            reason_ = why != nullptr ? why : "not an image";
            return std::nullopt;
        }
        CpuTexture texture;
        texture.width = width;
        texture.height = height;
        texture.rgba.assign(pixels, pixels + std::size_t(width) * std::size_t(height) * 4);
        stbi_image_free(pixels);
        return texture;
    }

    const aiScene& scene_;
    const fs::path& model_file_;
    CpuModel& model_;
    std::map<std::string, int> by_source_;   // texture source -> index, -1 when unreadable
    std::string reason_ = "unknown format";  // why the last decode failed
};

CpuMaterial convert_material(const aiMaterial& material, TextureTable& textures) {
    CpuMaterial out;
    out.name = material.GetName().C_Str();

    // glTF's base colour, or a classic diffuse colour with its opacity (OBJ, PLY).
    aiColor4D color(1.0f, 1.0f, 1.0f, 1.0f);
    if (material.Get(AI_MATKEY_BASE_COLOR, color) == AI_SUCCESS) {
        out.base_color_factor = {color.r, color.g, color.b, color.a};
    } else if (material.Get(AI_MATKEY_COLOR_DIFFUSE, color) == AI_SUCCESS) {
        float opacity = 1.0f;
        material.Get(AI_MATKEY_OPACITY, opacity);
        out.base_color_factor = {color.r, color.g, color.b, opacity};
    }
    out.base_color_texture = textures.index(material, aiTextureType_BASE_COLOR);
    if (out.base_color_texture < 0) {
        out.base_color_texture = textures.index(material, aiTextureType_DIFFUSE);
    }

    material.Get(AI_MATKEY_METALLIC_FACTOR, out.metallic_factor);
    material.Get(AI_MATKEY_ROUGHNESS_FACTOR, out.roughness_factor);
    // Assimp 5.2's glTF importer puts metallicRoughnessTexture under aiTextureType_UNKNOWN
    // (AI_MATKEY_GLTF_PBRMETALLICROUGHNESS_METALLICROUGHNESS_TEXTURE in GltfMaterial.h).
    out.metallic_roughness_texture = textures.index(material, aiTextureType_UNKNOWN);
    out.normal_texture = textures.index(material, aiTextureType_NORMALS);

    int shading = 0;
    const bool unlit_shading = material.Get(AI_MATKEY_SHADING_MODEL, shading) == AI_SUCCESS &&
                               shading == aiShadingMode_Unlit;
    out.unlit = unlit_shading || material_flag(material, kGltfUnlitKey, 0, 0);
    out.double_sided = material_flag(material, AI_MATKEY_TWOSIDED);
    return out;
}

bool has_triangles(const aiMesh& mesh) {
    return (mesh.mPrimitiveTypes & aiPrimitiveType_TRIANGLE) != 0 && mesh.mNumFaces > 0 &&
           mesh.mNumVertices > 0;
}

// Area-weighted vertex normals, for a mesh that reached us without any (Assimp normally
// generates them).
void compute_normals(CpuMesh& mesh) {
    mesh.normals.assign(mesh.positions.size(), glm::vec3(0.0f));
    for (std::size_t i = 0; i + 2 < mesh.indices.size(); i += 3) {
        const std::uint32_t a = mesh.indices[i], b = mesh.indices[i + 1], c = mesh.indices[i + 2];
        const glm::vec3 n = glm::cross(mesh.positions[b] - mesh.positions[a],
                                       mesh.positions[c] - mesh.positions[a]);
        mesh.normals[a] += n;
        mesh.normals[b] += n;
        mesh.normals[c] += n;
    }
}

// `mesh` placed by `model_from_mesh` (the node's accumulated transform).
CpuMesh convert_mesh(const fs::path& file, const aiMesh& mesh, const glm::mat4& model_from_mesh,
                     int material, Bounds& bounds) {
    CpuMesh out;
    out.material = material;
    const std::size_t vertex_count = mesh.mNumVertices;

    // Positions; the bounds grow as we go.
    out.positions.resize(vertex_count);
    for (std::size_t v = 0; v < vertex_count; ++v) {
        const glm::vec3 p = glm::vec3(model_from_mesh * glm::vec4(to_glm(mesh.mVertices[v]), 1.0f));
        out.positions[v] = p;
        bounds.min = glm::min(bounds.min, p);
        bounds.max = glm::max(bounds.max, p);
    }

    // Triangles. A mirroring transform turns the winding inside out, so swap two corners.
    const bool mirrored = glm::determinant(glm::mat3(model_from_mesh)) < 0.0f;
    out.indices.reserve(std::size_t(mesh.mNumFaces) * 3);
    for (unsigned f = 0; f < mesh.mNumFaces; ++f) {
        const aiFace& face = mesh.mFaces[f];
        if (face.mNumIndices != 3) {
            continue;  // a stray point or line that SortByPType left in a triangle mesh
        }
        if (std::max({face.mIndices[0], face.mIndices[1], face.mIndices[2]}) >= vertex_count) {
            fail(file, "the model file is damaged (a triangle refers to vertex " +
                           std::to_string(
                               std::max({face.mIndices[0], face.mIndices[1], face.mIndices[2]})) +
                           " of " + std::to_string(vertex_count) +
                           "); export the model again as .glb");
        }
        out.indices.push_back(face.mIndices[0]);
        out.indices.push_back(face.mIndices[mirrored ? 2 : 1]);
        out.indices.push_back(face.mIndices[mirrored ? 1 : 2]);
    }

    // Normals through the inverse transpose, so that non-uniform scales keep them upright.
    if (mesh.mNormals != nullptr) {
        const glm::mat3 normal_matrix = glm::transpose(glm::inverse(glm::mat3(model_from_mesh)));
        out.normals.resize(vertex_count);
        for (std::size_t v = 0; v < vertex_count; ++v) {
            out.normals[v] = normal_matrix * to_glm(mesh.mNormals[v]);
        }
    } else {
        compute_normals(out);
    }
    for (glm::vec3& n : out.normals) {
        const float length = glm::length(n);
        // A degenerate or unreferenced vertex has no direction: any unit vector will do.
        n = std::isfinite(length) && length > 0.0f ? n / length : glm::vec3(0.0f, 1.0f, 0.0f);
    }

    // UVs in glTF's convention (origin top left).
    if (const aiVector3D* uvs = mesh.mTextureCoords[0]; uvs != nullptr) {
        out.uvs.resize(vertex_count);
        for (std::size_t v = 0; v < vertex_count; ++v) {
            out.uvs[v] = {uvs[v].x, 1.0f - uvs[v].y};
        }
    }
    return out;
}

[[noreturn]] void fail_unreadable(const fs::path& file, const Assimp::Importer& importer) {
    fail(file, "the model file is damaged or not in a format we can read (" +
                   brief_reason(importer.GetErrorString(), file) +
                   "); export the model again as .glb");
}

[[noreturn]] void fail_no_triangles(const fs::path& file) {
    fail(file,
         "the model has no triangles (only points or lines, or nothing); export it as a "
         "triangle mesh");
}

// The checks that give the common mistakes their own advice before Assimp sees the file.
void check_file(const fs::path& file) {
    std::error_code error;
    const fs::file_status status = fs::status(file, error);
    if (!fs::exists(status)) {
        fail(file, "model file not found; check the artifact's \"model\" entry or add the file");
    }
    if (fs::is_directory(status)) {
        fail(file, "is a folder, not a model file; check the artifact's \"model\" entry");
    }
    if (!fs::is_regular_file(status)) {
        fail(file, "is not a regular file; check the artifact's \"model\" entry");
    }
    const std::string extension = lower(file.extension().string());
    if (extension != ".glb" && extension != ".gltf" && extension != ".obj" && extension != ".ply") {
        fail(file, "model format \"" + extension +
                       "\" is not supported; export the model as .glb (or .gltf, .obj, .ply)");
    }
    if (std::ifstream in(file, std::ios::binary); !in) {
        fail(file, std::string("cannot open the model file (") + std::strerror(errno) +
                       "); check the file's permissions");
    }
    if (fs::file_size(file, error) == 0) {
        fail(file, "the model file is empty; copy the model again or export it again");
    }
}

}  // namespace

CpuModel load_model(const fs::path& file, const LoadProgress& progress) {
    check_file(file);
    ProgressReporter reporter(progress);
    reporter.report(0.0f);

    // 1. Parse, triangulate and sort by primitive type. The importer owns (and deletes) the
    //    progress handler. Points and lines land in meshes of their own and are skipped below,
    //    so that a point cloud gets the "no triangles" message rather than Assimp's. (Not
    //    ValidateDataStructure either: it refuses a point cloud's mesh with no faces; we check
    //    the indices ourselves.)
    Assimp::Importer importer;
    auto* import_progress = new ImportProgress(reporter);
    importer.SetProgressHandler(import_progress);
    importer.SetPropertyBool(AI_CONFIG_IMPORT_NO_SKELETON_MESHES, true);  // no bone "meshes"
    import_progress->set_range(0.0f, 0.5f * kImportShare);
    const aiScene* scene =
        importer.ReadFile(file.string(), aiProcess_Triangulate | aiProcess_SortByPType);
    if (scene == nullptr) {
        fail_unreadable(file, importer);
    }

    // 2. Normals where the file has none, and shared vertices. JoinIdenticalVertices costs
    //    most of the import (2.5 s of 2.8 s on a 100 MB .glb) and gains nothing on a mesh that
    //    is already indexed (glTF, PLY), so it runs only when some mesh is a triangle soup, one
    //    vertex per corner, as Assimp reads OBJ. (In one call: Assimp's normals step wants
    //    the soup unjoined.)
    const bool has_soup =
        std::any_of(scene->mMeshes, scene->mMeshes + scene->mNumMeshes, [](const aiMesh* mesh) {
            return mesh->mNumFaces > 0 && mesh->mNumVertices >= 3 * mesh->mNumFaces;
        });
    unsigned post_processing = aiProcess_GenSmoothNormals;
    if (has_soup) {
        post_processing |= aiProcess_JoinIdenticalVertices;
    }
    import_progress->set_range(0.5f * kImportShare, kImportShare);
    scene = importer.ApplyPostProcessing(post_processing);
    if (scene == nullptr) {
        fail_unreadable(file, importer);
    }
    reporter.report(kImportShare);

    // 3. Which meshes hold triangles, how many triangles each node tree instance adds (for
    //    progress), and which materials are used (Assimp's glTF importer appends an unused
    //    default material; we keep only what the meshes use, in Assimp's order).
    std::vector<int> material_of(scene->mNumMaterials, -1);
    std::size_t total_faces = 0;
    std::vector<std::pair<const aiNode*, glm::mat4>> stack;
    if (scene->mRootNode != nullptr) {
        stack.emplace_back(scene->mRootNode, to_glm(scene->mRootNode->mTransformation));
    }
    std::vector<std::pair<unsigned, glm::mat4>> instances;  // mesh index, model_from_mesh
    while (!stack.empty()) {
        const auto [node, model_from_node] = stack.back();
        stack.pop_back();
        for (unsigned i = 0; i < node->mNumMeshes; ++i) {
            const unsigned mesh_index = node->mMeshes[i];
            if (mesh_index >= scene->mNumMeshes || !has_triangles(*scene->mMeshes[mesh_index])) {
                continue;
            }
            const aiMesh& mesh = *scene->mMeshes[mesh_index];
            instances.emplace_back(mesh_index, model_from_node);
            total_faces += mesh.mNumFaces;
            if (mesh.mMaterialIndex < material_of.size()) {
                material_of[mesh.mMaterialIndex] = 0;  // used; numbered below
            }
        }
        // Children pushed in reverse so that meshes come out in the file's order.
        for (unsigned c = node->mNumChildren; c-- > 0;) {
            const aiNode* child = node->mChildren[c];
            stack.emplace_back(child, model_from_node * to_glm(child->mTransformation));
        }
    }
    if (instances.empty()) {
        fail_no_triangles(file);
    }

    // 4. Materials and their textures.
    CpuModel model;
    TextureTable textures(*scene, file, model);
    for (unsigned m = 0; m < scene->mNumMaterials; ++m) {
        if (material_of[m] >= 0) {
            material_of[m] = static_cast<int>(model.materials.size());
            model.materials.push_back(convert_material(*scene->mMaterials[m], textures));
        }
    }
    int fallback_material = -1;  // for a mesh whose material index is out of range
    const auto material_for = [&](unsigned index) {
        if (index < material_of.size() && material_of[index] >= 0) {
            return material_of[index];
        }
        if (fallback_material < 0) {
            fallback_material = static_cast<int>(model.materials.size());
            model.materials.push_back(CpuMaterial{.name = "default"});
        }
        return fallback_material;
    };
    reporter.report(kImportShare + 0.5f * (1.0f - kImportShare));

    // 5. Meshes in model coordinates.
    model.bounds.min = glm::vec3(std::numeric_limits<float>::max());
    model.bounds.max = glm::vec3(std::numeric_limits<float>::lowest());
    model.meshes.reserve(instances.size());
    std::size_t faces_done = 0;
    for (const auto& [mesh_index, model_from_mesh] : instances) {
        const aiMesh& mesh = *scene->mMeshes[mesh_index];
        model.meshes.push_back(convert_mesh(file, mesh, model_from_mesh,
                                            material_for(mesh.mMaterialIndex), model.bounds));
        model.triangle_count += model.meshes.back().indices.size() / 3;
        faces_done += mesh.mNumFaces;
        reporter.report(kImportShare + (0.5f + 0.5f * float(faces_done) / float(total_faces)) *
                                           (1.0f - kImportShare));
    }
    if (model.triangle_count == 0) {
        fail_no_triangles(file);
    }
    if (model.materials.empty()) {
        model.materials.push_back(CpuMaterial{.name = "default"});
    }
    reporter.report(1.0f);
    return model;
}

}  // namespace heritage::render
