// capture/board.h: the printable ChArUco calibration board (the first step of a turntable
// capture): a chessboard with ArUco markers in its white squares, sized to fill a sheet of paper
// at true scale, with a 100 mm scale bar to check the print.
#pragma once
#include <string>

#include "capture/rig.h"

namespace heritage::capture {

struct BoardOptions {
    std::string paper = "A3";  // "A4", "A3", "A2", "A1" or "A0", portrait; the board should
                               // reach well beyond the object (A1 or A0 for a bronze drum)
    double dpi = 300.0;        // print resolution; the PNG records it
    double margin_mm = 15.0;   // white margin around the board (printers cannot print edges)
    double square_mm = 0.0;    // 0: the largest whole millimetre size that fits 7 x 10 squares
    std::string dictionary = "DICT_5X5_250";
};

struct PrintableBoard {
    ChArUcoRig rig;
    std::string png;  // the page as PNG bytes, with its DPI (pHYs) so it prints at true scale
    int width_px = 0;
    int height_px = 0;
};

// Throws heritage::Error for an unknown paper size or options that leave no room for a board.
PrintableBoard make_printable_board(const BoardOptions& options);

}  // namespace heritage::capture
