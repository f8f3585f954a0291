// assets/generator/thumbnail.h: a placeholder thumbnail of a SampleModel, rendered on the CPU
// (z-buffer, textured, one key light) until the viewer renders the real ones.
#pragma once
#include "assets/generator/sample_model.h"

namespace heritage::sample {

// A `size` x `size` picture of the model seen from the front, a little above and to the right,
// framed to fill about 80 % of the picture, on a soft studio background.
Image render_thumbnail(const SampleModel& model, int size);

}  // namespace heritage::sample
