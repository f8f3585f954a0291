#include "capture/rig.h"

#include <nlohmann/json.hpp>

#include "exhibit/error.h"
#include "exhibit/files.h"

namespace heritage::capture {

void check(const ChArUcoRig& rig) {
    if (rig.dictionary != "DICT_4X4_250" && rig.dictionary != "DICT_5X5_250" &&
        rig.dictionary != "DICT_6X6_250") {
        throw Error("rig: dictionary \"" + rig.dictionary +
                    "\" is not supported; use DICT_4X4_250, DICT_5X5_250 or DICT_6X6_250");
    }
    if (rig.squares_x < 3 || rig.squares_y < 3) {
        throw Error(
            "rig: a board needs at least 3 x 3 squares; print a new board with "
            "heritage-capture board");
    }
    if (!(rig.square_mm > 0.0) || !(rig.marker_mm > 0.0) || rig.marker_mm >= rig.square_mm) {
        throw Error(
            "rig: square_mm and marker_mm must be positive, the marker smaller than the "
            "square; measure the printed board and correct rig.json");
    }
}

void write_rig(const std::filesystem::path& file, const ChArUcoRig& rig) {
    check(rig);
    nlohmann::ordered_json json;
    json["type"] = "charuco";
    json["dictionary"] = rig.dictionary;
    json["squares_x"] = rig.squares_x;
    json["squares_y"] = rig.squares_y;
    json["square_mm"] = rig.square_mm;
    json["marker_mm"] = rig.marker_mm;
    json["paper"] = rig.paper;
    write_file_atomically(file, json.dump(2) + "\n");
}

ChArUcoRig read_rig(const std::filesystem::path& file) {
    ChArUcoRig rig;
    try {
        const nlohmann::json json = nlohmann::json::parse(read_file(file));
        if (json.value("type", std::string()) != "charuco") {
            throw Error(file.string() +
                        ": /type: not a ChArUco rig; use the rig.json that "
                        "heritage-capture board wrote with the board");
        }
        rig.dictionary = json.at("dictionary").get<std::string>();
        rig.squares_x = json.at("squares_x").get<int>();
        rig.squares_y = json.at("squares_y").get<int>();
        rig.square_mm = json.at("square_mm").get<double>();
        rig.marker_mm = json.at("marker_mm").get<double>();
        rig.paper = json.value("paper", std::string());
    } catch (const nlohmann::json::exception& error) {
        throw Error(file.string() + ": the rig cannot be read (" + error.what() +
                    "); use the rig.json that heritage-capture board wrote with the board");
    }
    try {
        check(rig);
    } catch (const Error& error) {
        throw Error(file.string() + ": " + std::string(error.what()).substr(5));
    }
    return rig;
}

}  // namespace heritage::capture
