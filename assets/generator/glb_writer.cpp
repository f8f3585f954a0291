#include "assets/generator/glb_writer.h"

#include <assimp/material.h>
#include <assimp/scene.h>
#include <assimp/Exporter.hpp>

#include <cstring>
#include <memory>

#include "exhibit/error.h"

namespace heritage::sample {

std::string write_glb(const SampleModel& model) {
    // Assimp's aiScene owns everything through raw arrays and frees them in its destructor.
    auto scene = std::make_unique<aiScene>();
    scene->mRootNode = new aiNode("root");

    scene->mNumTextures = static_cast<unsigned>(model.materials.size());
    scene->mTextures = new aiTexture*[scene->mNumTextures];
    scene->mNumMaterials = static_cast<unsigned>(model.materials.size());
    scene->mMaterials = new aiMaterial*[scene->mNumMaterials];
    for (unsigned i = 0; i < scene->mNumMaterials; ++i) {
        const Material& source = model.materials[i];
        // The texture as compressed PNG bytes: mHeight 0 means "mWidth bytes of a file".
        const std::string png = encode_png(source.base_color);
        auto* texture = new aiTexture();
        texture->mWidth = static_cast<unsigned>(png.size());
        texture->mHeight = 0;
        std::strcpy(texture->achFormatHint, "png");
        texture->pcData = reinterpret_cast<aiTexel*>(new char[png.size()]);
        std::memcpy(texture->pcData, png.data(), png.size());
        scene->mTextures[i] = texture;

        auto* material = new aiMaterial();
        const aiString name(source.name);
        material->AddProperty(&name, AI_MATKEY_NAME);
        const aiColor4D white(1, 1, 1, 1);
        material->AddProperty(&white, 1, AI_MATKEY_BASE_COLOR);
        material->AddProperty(&white, 1, AI_MATKEY_COLOR_DIFFUSE);
        material->AddProperty(&source.metallic, 1, AI_MATKEY_METALLIC_FACTOR);
        material->AddProperty(&source.roughness, 1, AI_MATKEY_ROUGHNESS_FACTOR);
        const aiString path("*" + std::to_string(i));
        material->AddProperty(&path, AI_MATKEY_TEXTURE(aiTextureType_BASE_COLOR, 0));
        material->AddProperty(&path, AI_MATKEY_TEXTURE(aiTextureType_DIFFUSE, 0));
        scene->mMaterials[i] = material;
    }

    scene->mNumMeshes = static_cast<unsigned>(model.parts.size());
    scene->mMeshes = new aiMesh*[scene->mNumMeshes];
    scene->mRootNode->mNumMeshes = scene->mNumMeshes;
    scene->mRootNode->mMeshes = new unsigned[scene->mNumMeshes];
    for (unsigned m = 0; m < scene->mNumMeshes; ++m) {
        const MeshPart& part = model.parts[m];
        auto* mesh = new aiMesh();
        mesh->mName = aiString(part.name);
        mesh->mPrimitiveTypes = aiPrimitiveType_TRIANGLE;
        mesh->mMaterialIndex = static_cast<unsigned>(part.material_index);
        mesh->mNumVertices = static_cast<unsigned>(part.vertices.size());
        mesh->mVertices = new aiVector3D[mesh->mNumVertices];
        mesh->mNormals = new aiVector3D[mesh->mNumVertices];
        mesh->mTextureCoords[0] = new aiVector3D[mesh->mNumVertices];
        mesh->mNumUVComponents[0] = 2;
        for (unsigned v = 0; v < mesh->mNumVertices; ++v) {
            const Vertex& vertex = part.vertices[v];
            mesh->mVertices[v] = {vertex.position.x, vertex.position.y, vertex.position.z};
            mesh->mNormals[v] = {vertex.normal.x, vertex.normal.y, vertex.normal.z};
            // Assimp flips V on glTF export (its convention is V up): store 1 - v so that the
            // file ends up with glTF's top-left origin.
            mesh->mTextureCoords[0][v] = {vertex.uv.x, 1.0f - vertex.uv.y, 0.0f};
        }
        mesh->mNumFaces = static_cast<unsigned>(part.indices.size() / 3);
        mesh->mFaces = new aiFace[mesh->mNumFaces];
        for (unsigned f = 0; f < mesh->mNumFaces; ++f) {
            aiFace& face = mesh->mFaces[f];
            face.mNumIndices = 3;
            face.mIndices = new unsigned[3];
            for (unsigned k = 0; k < 3; ++k)
                face.mIndices[k] = part.indices[f * 3 + k];
        }
        scene->mMeshes[m] = mesh;
        scene->mRootNode->mMeshes[m] = m;
    }

    Assimp::Exporter exporter;
    const aiExportDataBlob* blob = exporter.ExportToBlob(scene.get(), "glb2");
    if (!blob) {
        throw Error(std::string("glTF export failed: ") + exporter.GetErrorString() +
                    "; this is a bug in the sample model generator");
    }
    return std::string(static_cast<const char*>(blob->data), blob->size);
}

}  // namespace heritage::sample
