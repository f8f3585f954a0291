// Kiosk mode: the idle clock (injected: no test sleeps), the attract loop, the reset for the next
// visitor, and the PIN that guards the way out.
#include <imgui.h>

#include <catch2/catch.hpp>

#include "exhibit/error.h"
#include "tests/support/image_compare.h"
#include "tests/support/test_support.h"
#include "viewer/stats/report.h"
#include "viewer/ui/headless_viewer.h"
#include "viewer/ui/screens/kiosk_screen.h"

using namespace heritage;
using namespace heritage::viewer;
namespace test = heritage::test;

namespace {

constexpr glm::ivec2 kSize{1280, 720};

KioskConfig kiosk_config() {
    KioskConfig config;
    config.idle_seconds = 60;
    config.countdown_seconds = 10;
    config.show_unapproved = true;  // the sample is reviewed, not yet approved by the museum
    config.pin_hash = hash_pin("2468");
    return config;
}

AppOptions kiosk_options() {
    AppOptions options;
    options.exhibit_dir = HERITAGE_SAMPLE_EXHIBIT_DIR;
    options.data_dir = HERITAGE_SOURCE_DIR;
    options.kiosk = kiosk_config();
    return options;
}

// `seconds` of nobody touching, in frames of a quarter second.
void wait(HeadlessViewer& viewer, double seconds) {
    for (double t = 0; t < seconds; t += 0.25)
        viewer.frame(0.25f);
}

test::RgbaImage frame_image(const HeadlessViewer& viewer) {
    return {viewer.size().x, viewer.size().y, viewer.read_rgba()};
}

}  // namespace

TEST_CASE("a kiosk starts in its attract loop; a touch starts a visit", "[gl][kiosk][issue-6]") {
    HeadlessViewer viewer(kiosk_options(), kSize);
    App& app = viewer.app();
    viewer.settle();
    CHECK(app.kiosk.phase == KioskPhase::Attract);
    CHECK_FALSE(app.artifact.artifact_id.empty());  // a featured artifact is turning
    test::check_golden("kiosk_attract", frame_image(viewer), 32, 1.0);
    viewer.click({640, 360});
    CHECK(app.kiosk.phase == KioskPhase::Active);
    CHECK(app.screen == Screen::Home);
    CHECK(app.layout.tours_button.max.x == 0.0f);  // no teachers' tours on a kiosk
}

TEST_CASE("left alone, a kiosk asks, counts down, and resets for the next visitor",
          "[gl][kiosk][issue-6]") {
    HeadlessViewer viewer(kiosk_options(), kSize);
    App& app = viewer.app();
    viewer.settle();
    viewer.click({640, 360});  // a visitor arrives
    REQUIRE(app.kiosk.phase == KioskPhase::Active);
    // They switch to English and the lower-secondary level, search, open an artifact.
    viewer.click(app.layout.language_buttons.at("en").center());
    viewer.click(app.layout.level_buttons.at("lower_secondary").center());
    viewer.click(app.layout.search_box.center());
    viewer.type("khen");
    viewer.frame();
    viewer.click(app.layout.cards.at("khen-mong").center());
    REQUIRE(app.screen == Screen::Artifact);

    wait(viewer, 59.0);
    CHECK(app.kiosk.phase == KioskPhase::Active);
    wait(viewer, 1.5);
    REQUIRE(app.kiosk.phase == KioskPhase::StillThere);
    test::check_golden("kiosk_still_there", frame_image(viewer), 32, 1.0);
    viewer.click(app.layout.still_there_button.center());  // "I'm still here"
    CHECK(app.kiosk.phase == KioskPhase::Active);
    CHECK(app.screen == Screen::Artifact);  // nothing lost for the visitor who answered

    wait(viewer, 60.5 + 10.5);  // gone: no answer to the countdown
    CHECK(app.kiosk.phase == KioskPhase::Attract);
    viewer.click({640, 360});  // the next visitor
    CHECK(app.screen == Screen::Home);
    CHECK(app.language == "vi");
    CHECK(app.level == exhibit::SchoolLevel::Primary);
    CHECK(app.home.search_input.empty());
    CHECK(app.home.filter.query.empty());
    CHECK(app.artifact.artifact_id.empty());
}

TEST_CASE("the attract loop moves through the featured artifacts", "[gl][kiosk][issue-6]") {
    HeadlessViewer viewer(kiosk_options(), kSize);
    App& app = viewer.app();
    viewer.settle();
    const std::vector<std::string> featured = featured_artifacts(app);
    REQUIRE(featured.size() >= 2);
    const std::string first = app.artifact.artifact_id;
    wait(viewer, app.options.kiosk->attract_seconds_per_artifact + 0.5);
    CHECK(app.artifact.artifact_id != first);
    CHECK(app.kiosk.phase == KioskPhase::Attract);
}

TEST_CASE("only the PIN closes a kiosk", "[gl][kiosk][issue-6]") {
    HeadlessViewer viewer(kiosk_options(), kSize);
    App& app = viewer.app();
    viewer.settle();
    // Staff hold the top-left corner for three seconds.
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(20, 20);
    io.MouseDown[0] = true;
    for (int i = 0; i < 14; ++i)
        viewer.frame(0.25f);
    io.MouseDown[0] = false;
    viewer.frame();
    REQUIRE(app.admin.open);
    for (const char* key : {"1", "2", "3", "4", "ok"})
        viewer.click(app.layout.pin_keys.at(key).center());
    CHECK(app.admin.wrong);
    CHECK_FALSE(app.quit_requested);
    for (const char* key : {"2", "4", "6", "8", "ok"})
        viewer.click(app.layout.pin_keys.at(key).center());
    CHECK(app.quit_requested);
}

TEST_CASE("PINs are stored hashed and checked", "[kiosk][issue-6]") {
    KioskConfig config;
    config.pin_hash = hash_pin("13579");
    CHECK(config.pin_hash.rfind("$argon2id$", 0) == 0);
    CHECK(config.pin_hash.find("13579") == std::string::npos);
    CHECK(pin_matches(config, "13579"));
    CHECK_FALSE(pin_matches(config, "13578"));
    CHECK_FALSE(pin_matches(KioskConfig{}, ""));
    CHECK_THROWS_WITH(hash_pin("12a4"), "the PIN must be 4 to 12 digits; choose another");
    CHECK_THROWS_WITH(hash_pin("123"), "the PIN must be 4 to 12 digits; choose another");
}

TEST_CASE("kiosk settings round-trip, and a kiosk with no PIN refuses to start",
          "[kiosk][issue-6]") {
    const auto folder = test::make_temp_dir("kiosk");
    KioskConfig config = kiosk_config();
    config.featured = {"khen-mong", "dan-tinh-tay"};
    config.default_level = exhibit::SchoolLevel::LowerSecondary;
    save_kiosk_config(folder / "kiosk.json", config);
    const KioskConfig loaded = load_kiosk_config(folder / "kiosk.json");
    CHECK(loaded.featured == config.featured);
    CHECK(loaded.default_level == exhibit::SchoolLevel::LowerSecondary);
    CHECK(pin_matches(loaded, "2468"));

    CHECK_THROWS_WITH(load_kiosk_config(folder / "missing.json"),
                      (folder / "missing.json").string() +
                          ": kiosk settings not found; set the admin PIN first with "
                          "heritage-viewer --set-kiosk-pin --state " +
                          folder.string());
    test::write_text(folder / "kiosk.json", "{\"idle_seconds\": 60}");
    CHECK_THROWS_WITH(load_kiosk_config(folder / "kiosk.json"),
                      (folder / "kiosk.json").string() +
                          ": no admin PIN is set, so the kiosk could not be closed; set one with "
                          "heritage-viewer --set-kiosk-pin --state " +
                          folder.string());
}

TEST_CASE("unapproved content does not reach a kiosk", "[gl][kiosk][issue-6]") {
    AppOptions options = kiosk_options();
    options.kiosk->show_unapproved = false;
    HeadlessViewer viewer(options, kSize);
    App& app = viewer.app();
    viewer.settle();
    CHECK(featured_artifacts(app).empty());
    viewer.click({640, 360});
    viewer.frame();
    CHECK(app.layout.cards.empty());  // the sample is reviewed, not approved
}

TEST_CASE("a kiosk visit is recorded, anonymously, and counted in the report",
          "[gl][kiosk][stats][issue-6]") {
    const auto state = test::make_temp_dir("kiosk-state");
    AppOptions options = kiosk_options();
    options.state_dir = state;
    {
        HeadlessViewer viewer(options, kSize);
        App& app = viewer.app();
        // A clock that moves only when the test says so: 10 March 2026, 09:00 in Lào Cai.
        Clock::time_point now = Clock::from_time_t(1773108000);
        app.now = [&] { return now; };
        viewer.settle();
        viewer.click({640, 360});  // a visitor arrives
        REQUIRE(app.visit.session != 0);
        viewer.click(app.layout.language_buttons.at("en").center());
        viewer.click(app.layout.cards.at("trong-dong-gia-phu").center());
        now += std::chrono::seconds(40);  // looks at the drum for 40 s
        viewer.click(app.layout.tabs.at("quiz").center());
        const exhibit::Artifact& drum =
            *exhibit::find_artifact(app.package.package, "trong-dong-gia-phu");
        int answer = -1;
        for (const auto& question : drum.quiz) {
            if (question.level == app.level) {
                answer = question.answer;
                break;
            }
        }
        REQUIRE(answer >= 0);
        viewer.click(app.layout.quiz_options.at(answer).center());
        viewer.click(app.layout.back_button.center());  // leaves the drum
        wait(viewer, 60.5 + 10.5);                      // and walks away: the visit ends
        REQUIRE(app.visit.session == 0);
    }
    const AnnualReport report = compute_annual_report(state, 2026);
    CHECK(report.visits == 1);
    CHECK(report.visits_by_mode.at("kiosk") == 1);
    CHECK(report.visits_by_language.at("en") == 1);
    CHECK(report.views == 1);
    REQUIRE(report.most_viewed.size() == 1);
    CHECK(report.most_viewed[0].first == "trong-dong-gia-phu");
    CHECK(report.average_dwell_s_by_artifact.at("trong-dong-gia-phu") == Approx(40.0));
    CHECK(report.quiz_answers == 1);
    CHECK(report.quiz_correct == 1);
}
