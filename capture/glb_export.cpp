// capture/glb_export.cpp: the mesh as an aiScene built by hand (one mesh, one material, the atlas
// as an embedded PNG), exported by Assimp's "glb2" exporter to memory.
#include "capture/glb_export.h"

#include <assimp/material.h>
#include <assimp/scene.h>
#include <assimp/Exporter.hpp>

#include <cassert>
#include <cstring>
#include <memory>

#include <opencv2/imgcodecs.hpp>

#include "exhibit/error.h"
#include "exhibit/files.h"

namespace heritage::capture {
namespace {

// World millimetres (+Z up) to glTF metres (+Y up).
aiVector3D gltf_position(const cv::Vec3f& world_mm) {
    return {world_mm[0] / 1000.0f, world_mm[2] / 1000.0f, -world_mm[1] / 1000.0f};
}

aiVector3D gltf_direction(const cv::Vec3f& world) {
    return {world[0], world[2], -world[1]};
}

aiTexture* embedded_png(const cv::Mat& atlas) {
    std::vector<unsigned char> png;
    if (!cv::imencode(".png", atlas, png, {cv::IMWRITE_PNG_COMPRESSION, 3}))
        throw Error(
            "glb export: the texture atlas could not be encoded as PNG; check that it is "
            "an 8-bit BGR image");
    auto* texture = new aiTexture();
    texture->mWidth = static_cast<unsigned>(png.size());  // mHeight 0: mWidth bytes of a file
    texture->mHeight = 0;
    std::strcpy(texture->achFormatHint, "png");
    texture->pcData = reinterpret_cast<aiTexel*>(new char[png.size()]);
    std::memcpy(texture->pcData, png.data(), png.size());
    return texture;
}

aiMaterial* material_for(bool textured) {
    auto* material = new aiMaterial();
    const aiString name(textured ? "artifact" : "artifact-untextured");
    material->AddProperty(&name, AI_MATKEY_NAME);
    const aiColor4D base = textured ? aiColor4D(1, 1, 1, 1) : aiColor4D(0.6f, 0.6f, 0.6f, 1);
    material->AddProperty(&base, 1, AI_MATKEY_BASE_COLOR);
    material->AddProperty(&base, 1, AI_MATKEY_COLOR_DIFFUSE);
    const float metallic = 0.0f, roughness = 0.8f;
    material->AddProperty(&metallic, 1, AI_MATKEY_METALLIC_FACTOR);
    material->AddProperty(&roughness, 1, AI_MATKEY_ROUGHNESS_FACTOR);
    const int two_sided = 0;
    material->AddProperty(&two_sided, 1, AI_MATKEY_TWOSIDED);
    if (textured) {
        const aiString path("*0");
        material->AddProperty(&path, AI_MATKEY_TEXTURE(aiTextureType_BASE_COLOR, 0));
        material->AddProperty(&path, AI_MATKEY_TEXTURE(aiTextureType_DIFFUSE, 0));
    }
    return material;
}

aiMesh* ai_mesh_of(const Mesh& mesh, bool textured) {
    auto* result = new aiMesh();
    result->mName = aiString("artifact");
    result->mPrimitiveTypes = aiPrimitiveType_TRIANGLE;
    result->mMaterialIndex = 0;
    result->mNumVertices = static_cast<unsigned>(mesh.positions_mm.size());
    result->mVertices = new aiVector3D[result->mNumVertices];
    for (unsigned v = 0; v < result->mNumVertices; ++v)
        result->mVertices[v] = gltf_position(mesh.positions_mm[v]);
    if (mesh.normals.size() == mesh.positions_mm.size()) {
        result->mNormals = new aiVector3D[result->mNumVertices];
        for (unsigned v = 0; v < result->mNumVertices; ++v)
            result->mNormals[v] = gltf_direction(mesh.normals[v]);
    }
    if (textured) {
        result->mTextureCoords[0] = new aiVector3D[result->mNumVertices];
        result->mNumUVComponents[0] = 2;
        // Assimp flips V on glTF export (its V points up): store 1 - v so that the file has
        // glTF's top-left origin.
        for (unsigned v = 0; v < result->mNumVertices; ++v)
            result->mTextureCoords[0][v] = {mesh.uvs[v][0], 1.0f - mesh.uvs[v][1], 0.0f};
    }
    result->mNumFaces = static_cast<unsigned>(mesh.triangle_count());
    result->mFaces = new aiFace[result->mNumFaces];
    for (unsigned f = 0; f < result->mNumFaces; ++f) {
        aiFace& face = result->mFaces[f];
        face.mNumIndices = 3;
        face.mIndices = new unsigned[3];
        for (unsigned k = 0; k < 3; ++k)
            face.mIndices[k] = mesh.indices[f * 3 + k];
    }
    return result;
}

}  // namespace

std::string export_glb(const Mesh& mesh) {
    assert(mesh.indices.size() % 3 == 0);
    if (mesh.indices.empty())
        throw Error(
            "glb export: the mesh has no triangles; check the dense and mesh stages' "
            "output");
    const bool textured = !mesh.atlas.empty() && mesh.uvs.size() == mesh.positions_mm.size();

    // Assimp's aiScene owns everything through raw arrays and frees them in its destructor.
    auto scene = std::make_unique<aiScene>();
    scene->mRootNode = new aiNode("artifact");
    if (textured) {
        scene->mNumTextures = 1;
        scene->mTextures = new aiTexture* [1] { embedded_png(mesh.atlas) };
    }
    scene->mNumMaterials = 1;
    scene->mMaterials = new aiMaterial* [1] { material_for(textured) };
    scene->mNumMeshes = 1;
    scene->mMeshes = new aiMesh* [1] { ai_mesh_of(mesh, textured) };
    scene->mRootNode->mNumMeshes = 1;
    scene->mRootNode->mMeshes = new unsigned[1]{0};

    Assimp::Exporter exporter;
    const aiExportDataBlob* blob = exporter.ExportToBlob(scene.get(), "glb2");
    if (!blob)
        throw Error(std::string("glb export: Assimp could not write the model (") +
                    exporter.GetErrorString() + "); this is a bug, please report it");
    return std::string(static_cast<const char*>(blob->data), blob->size);
}

void write_glb(const std::filesystem::path& file, const Mesh& mesh) {
    write_file_atomically(file, export_glb(mesh));
}

}  // namespace heritage::capture
