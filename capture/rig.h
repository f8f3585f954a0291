// capture/rig.h: the printed ChArUco calibration board a turntable capture uses, as rig.json
// records it: the ArUco dictionary, the squares, and their true sizes in millimetres.
#pragma once
#include <filesystem>
#include <string>

namespace heritage::capture {

struct ChArUcoRig {
    std::string dictionary = "DICT_5X5_250";  // OpenCV's predefined ArUco dictionary
    int squares_x = 0;                        // chessboard squares across
    int squares_y = 0;                        // and down
    double square_mm = 0.0;                   // side of a chessboard square, as printed
    double marker_mm = 0.0;                   // side of an ArUco marker inside a white square
    std::string paper;                        // "A4", "A3", "A2": what it was printed on
};

// Throws heritage::Error naming the field and the fix when the rig cannot be a real board.
void check(const ChArUcoRig& rig);

// rig.json: written atomically; read with every problem named (file: field: what to do).
void write_rig(const std::filesystem::path& file, const ChArUcoRig& rig);
ChArUcoRig read_rig(const std::filesystem::path& file);

}  // namespace heritage::capture
