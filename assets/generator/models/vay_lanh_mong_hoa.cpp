// PLACEHOLDER: replaced by the real model of this artifact before commit.
#include "assets/generator/models/models.h"

namespace heritage::sample {

SampleModel make_vay_lanh_mong_hoa() {
    SampleModel model;
    model.materials.push_back({"placeholder", Image(16, 16, Color{128, 128, 128, 255}), 0.0f, 0.8f});
    MeshPart part{"placeholder", 0, {}, {}};
    add_box(part, {-0.1f, 0.0f, -0.1f}, {0.1f, 0.2f, 0.1f});
    model.parts.push_back(part);
    return model;
}

}  // namespace heritage::sample
