// viewer/ui/tour_editing.h: what the tour editor does to a tour, apart from its screen: a step
// from the current view, reordering, and saving into the package (validated first, written
// atomically, the exhibit's tour list updated for a new tour).
#pragma once
#include <string>
#include <vector>

#include "exhibit/exhibit.h"
#include "exhibit/problem.h"
#include "render/scene/orbit_camera.h"

namespace heritage::viewer {

// The shared scene and renderer (render/), which the capture program uses too.
using namespace heritage::render;

// A new, empty tour for `level`, with an id not yet used in the package.
exhibit::Tour new_tour(const exhibit::Package& package, exhibit::SchoolLevel level);

// A step showing `artifact` from `camera` (world space, as the viewer shows it), highlighting
// annotation `annotation_index` (-1: none). The camera is stored in the artifact's model
// coordinates, as the format wants.
exhibit::TourStep step_from_view(const exhibit::Artifact& artifact, const OrbitCamera& camera,
                                 int annotation_index);

// Moves step `from` to position `to` (both clamped); removes step `index`.
void move_step(exhibit::Tour& tour, int from, int to);
void remove_step(exhibit::Tour& tour, int index);

// Validates the package with `tour` in it (added, or replacing the tour with its id) and, if
// that gives no error, writes tours/<id>.json (and exhibit.json for a new tour) atomically and
// updates `package`. Returns the errors found (nothing is written then). Throws heritage::Error
// when a file cannot be written (nothing half-written: the old files stay).
std::vector<exhibit::Problem> save_tour(exhibit::Package& package, const exhibit::Tour& tour);

}  // namespace heritage::viewer
