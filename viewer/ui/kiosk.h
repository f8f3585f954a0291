// viewer/ui/kiosk.h: kiosk mode for students alone: its settings file, the admin PIN (stored as
// an Argon2id hash, libsodium), and the idle state machine: active → "Still there?" countdown →
// attract loop → (a touch) → a fresh session. Plain logic with an injected clock: tests never
// sleep.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "exhibit/exhibit.h"

namespace heritage::viewer {

// <state dir>/kiosk.json. Every field has a default; the PIN hash has none.
struct KioskConfig {
    int idle_seconds = 90;       // no touch for this long: ask "Still there?"
    int countdown_seconds = 15;  // then, with no answer, the attract loop and a fresh session
    double attract_seconds_per_artifact = 12.0;  // each featured artifact turns for this long
    std::vector<std::string> featured;  // artifact ids for the attract loop; empty: one per section
    std::string default_language;       // "": the exhibit's first fallback language
    exhibit::SchoolLevel default_level = exhibit::SchoolLevel::Primary;
    bool show_unapproved = false;  // false: only "approved" artifacts reach the kiosk
    std::string pin_hash;          // Argon2id string from hash_pin(); required
};

// Reads the kiosk settings. Throws heritage::Error naming the file and what to fix (missing,
// malformed JSON, wrong types, no PIN set: "run heritage-viewer --set-kiosk-pin --state DIR").
KioskConfig load_kiosk_config(const std::filesystem::path& file);
// Writes them atomically.
void save_kiosk_config(const std::filesystem::path& file, const KioskConfig& config);

// An Argon2id hash of `pin` (4-12 digits; throws heritage::Error otherwise), salted, in
// libsodium's self-describing string form. Slow on purpose: guessing PINs from a stolen config
// takes time.
std::string hash_pin(std::string_view pin);
bool pin_matches(const KioskConfig& config, std::string_view pin);

enum class KioskPhase {
    Attract,     // the attract loop: featured artifacts turning, "Touch to explore"
    Active,      // a visitor is using the kiosk
    StillThere,  // no touch for a while: the countdown
};

struct KioskState {
    KioskPhase phase = KioskPhase::Attract;
    double idle_s = 0.0;       // seconds since the last touch (Active)
    double countdown_s = 0.0;  // seconds left (StillThere)
    double attract_s = 0.0;    // seconds on the current featured artifact (Attract)
    int attract_index = 0;
};

enum class KioskEvent {
    None,
    SessionStarted,  // a touch in the attract loop: a new visitor
    CountdownShown,  // "Still there?"
    SessionResumed,  // the visitor answered the countdown
    SessionEnded,    // the countdown ran out: reset everything and attract
    NextFeatured,    // the attract loop moves to the next artifact
};

// Advances the kiosk by `dt_s`; `touched` is whether the visitor touched (or clicked, or typed)
// during it. Returns what changed, for the app to act on.
KioskEvent update_kiosk(KioskState& state, const KioskConfig& config, double dt_s, bool touched,
                        int featured_count);

}  // namespace heritage::viewer
