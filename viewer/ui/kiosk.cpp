#include "viewer/ui/kiosk.h"

#include <sodium.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "exhibit/error.h"
#include "exhibit/files.h"

namespace heritage::viewer {

namespace {

void require_sodium() {
    if (sodium_init() < 0)
        throw Error("libsodium cannot start; reinstall libsodium23");
}

}  // namespace

KioskConfig load_kiosk_config(const std::filesystem::path& file) {
    if (!std::filesystem::exists(file)) {
        throw Error(file.string() +
                    ": kiosk settings not found; set the admin PIN first with "
                    "heritage-viewer --set-kiosk-pin --state " +
                    file.parent_path().string());
    }
    KioskConfig config;
    try {
        const nlohmann::json json = nlohmann::json::parse(read_file(file));
        config.idle_seconds = json.value("idle_seconds", config.idle_seconds);
        config.countdown_seconds = json.value("countdown_seconds", config.countdown_seconds);
        config.attract_seconds_per_artifact =
            json.value("attract_seconds_per_artifact", config.attract_seconds_per_artifact);
        config.featured = json.value("featured", config.featured);
        config.default_language = json.value("default_language", config.default_language);
        const std::string level = json.value("default_level", std::string("primary"));
        const auto parsed = exhibit::parse_school_level(level);
        if (!parsed) {
            throw Error(file.string() + ": /default_level: unknown school level \"" + level +
                        "\"; use one of preschool, primary, lower_secondary, upper_secondary");
        }
        config.default_level = *parsed;
        config.show_unapproved = json.value("show_unapproved", config.show_unapproved);
        config.pin_hash = json.value("pin_hash", std::string());
    } catch (const nlohmann::json::exception& error) {
        throw Error(file.string() + ": the kiosk settings cannot be read (" + error.what() +
                    "); fix the file or delete it and set the PIN again");
    }
    if (config.idle_seconds < 10 || config.countdown_seconds < 3) {
        throw Error(file.string() +
                    ": idle_seconds must be at least 10 and countdown_seconds at least 3");
    }
    if (config.pin_hash.empty()) {
        throw Error(file.string() +
                    ": no admin PIN is set, so the kiosk could not be closed; set one with "
                    "heritage-viewer --set-kiosk-pin --state " +
                    file.parent_path().string());
    }
    return config;
}

void save_kiosk_config(const std::filesystem::path& file, const KioskConfig& config) {
    nlohmann::json json;
    json["idle_seconds"] = config.idle_seconds;
    json["countdown_seconds"] = config.countdown_seconds;
    json["attract_seconds_per_artifact"] = config.attract_seconds_per_artifact;
    json["featured"] = config.featured;
    json["default_language"] = config.default_language;
    json["default_level"] = std::string(exhibit::to_string(config.default_level));
    json["show_unapproved"] = config.show_unapproved;
    json["pin_hash"] = config.pin_hash;
    std::filesystem::create_directories(file.parent_path());
    write_file_atomically(file, json.dump(2) + "\n");
}

std::string hash_pin(std::string_view pin) {
    const bool digits =
        std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits || pin.size() < 4 || pin.size() > 12) {
        throw Error("the PIN must be 4 to 12 digits; choose another");
    }
    require_sodium();
    char hashed[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hashed, pin.data(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        throw Error("not enough memory to hash the PIN; close other programs and try again");
    }
    return hashed;
}

bool pin_matches(const KioskConfig& config, std::string_view pin) {
    require_sodium();
    return !config.pin_hash.empty() &&
           crypto_pwhash_str_verify(config.pin_hash.c_str(), pin.data(), pin.size()) == 0;
}

KioskEvent update_kiosk(KioskState& state, const KioskConfig& config, double dt_s, bool touched,
                        int featured_count) {
    switch (state.phase) {
        case KioskPhase::Attract:
            if (touched) {
                state = KioskState{KioskPhase::Active};
                return KioskEvent::SessionStarted;
            }
            state.attract_s += dt_s;
            if (state.attract_s >= config.attract_seconds_per_artifact && featured_count > 0) {
                state.attract_s = 0.0;
                state.attract_index = (state.attract_index + 1) % featured_count;
                return KioskEvent::NextFeatured;
            }
            return KioskEvent::None;
        case KioskPhase::Active:
            if (touched) {
                state.idle_s = 0.0;
                return KioskEvent::None;
            }
            state.idle_s += dt_s;
            if (state.idle_s >= config.idle_seconds) {
                state.phase = KioskPhase::StillThere;
                state.countdown_s = config.countdown_seconds;
                return KioskEvent::CountdownShown;
            }
            return KioskEvent::None;
        case KioskPhase::StillThere:
            if (touched) {
                state.phase = KioskPhase::Active;
                state.idle_s = 0.0;
                return KioskEvent::SessionResumed;
            }
            state.countdown_s -= dt_s;
            if (state.countdown_s <= 0.0) {
                state = KioskState{KioskPhase::Attract};
                return KioskEvent::SessionEnded;
            }
            return KioskEvent::None;
    }
    return KioskEvent::None;
}

}  // namespace heritage::viewer
