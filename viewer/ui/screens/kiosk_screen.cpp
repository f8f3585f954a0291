#include "viewer/ui/screens/kiosk_screen.h"

#include <imgui.h>

#include <cmath>

#include "viewer/ui/screens/artifact_screen.h"
#include "viewer/ui/theme.h"
#include "viewer/ui/widgets.h"

namespace heritage::viewer {
namespace {

constexpr double kHoldToOpenAdminS = 3.0;
constexpr float kAttractSpinDegPerS = 8.0f;

bool visitor_touched() {
    const ImGuiIO& io = ImGui::GetIO();
    for (int button = 0; button < 3; ++button) {
        if (ImGui::IsMouseClicked(button))
            return true;
    }
    if (io.MouseWheel != 0.0f || !io.InputQueueCharacters.empty())
        return true;
    if ((io.MouseDown[0] || io.MouseDown[1]) &&
        (io.MouseDelta.x != 0.0f || io.MouseDelta.y != 0.0f)) {
        return true;
    }
    for (bool down : io.KeysDown) {
        if (down)
            return true;
    }
    return false;
}

void show_featured(App& app) {
    const std::vector<std::string> featured = featured_artifacts(app);
    if (featured.empty())
        return;
    app.artifact = ArtifactScreenState{};
    app.artifact.artifact_id = featured[std::size_t(app.kiosk.attract_index) % featured.size()];
    app.artifact.keyboard_orbit = false;
    app.artifact.annotation_card = false;
    app.artifact.buttons = false;
}

void draw_attract(App& app, float dt_s) {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    const float scale = app.options.ui_scale;
    const exhibit::Artifact* artifact =
        exhibit::find_artifact(app.package.package, app.artifact.artifact_id);
    if (artifact) {
        app.artifact.camera.yaw_deg += kAttractSpinDegPerS * dt_s;  // turning slowly
        draw_scene_view(app, *artifact, {viewport->Pos.x, viewport->Pos.y},
                        {viewport->Size.x, viewport->Size.y}, dt_s);
    }
    // The invitation, in both languages, over the bottom of the picture.
    ImGui::SetNextWindowPos(ImVec2(viewport->Pos.x + viewport->Size.x * 0.5f,
                                   viewport->Pos.y + viewport->Size.y - 40.0f * scale),
                            ImGuiCond_Always, ImVec2(0.5f, 1.0f));
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0.59f, 0.13f, 0.14f, 0.92f));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 18.0f * scale);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(36.0f * scale, 18.0f * scale));
    ImGui::Begin("##attract_invitation", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize |
                     ImGuiWindowFlags_NoInputs);
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    ImGui::PushFont(app.fonts.large);
    ImGui::TextUnformatted("Chạm để khám phá");
    ImGui::PopFont();
    ImGui::PushFont(app.fonts.heading);
    ImGui::TextUnformatted("Touch to explore");
    ImGui::PopFont();
    ImGui::PopStyleColor();
    ImGui::End();
    ImGui::PopStyleVar(2);
    ImGui::PopStyleColor();
    // The exhibit and the artifact, top left.
    ImGui::SetNextWindowPos(
        ImVec2(viewport->Pos.x + 30.0f * scale, viewport->Pos.y + 26.0f * scale));
    ImGui::Begin("##attract_title", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize |
                     ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoInputs);
    ImGui::PushFont(app.fonts.title);
    ImGui::PushStyleColor(ImGuiCol_Text, Palette::kAccent);
    ImGui::TextUnformatted(text_of(app, app.package.package.exhibit.title).c_str());
    ImGui::PopStyleColor();
    ImGui::PopFont();
    if (artifact) {
        ImGui::PushFont(app.fonts.heading);
        ImGui::TextUnformatted(text_of(app, artifact->title).c_str());
        ImGui::PopFont();
    }
    ImGui::End();
}

void draw_still_there(App& app) {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    const float scale = app.options.ui_scale;
    // Dim everything (a window over the screen, under the question), then ask.
    ImGui::SetNextWindowPos(viewport->Pos);
    ImGui::SetNextWindowSize(viewport->Size);
    ImGui::SetNextWindowFocus();
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0.12f, 0.08f, 0.06f, 0.47f));
    ImGui::Begin("##dim", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoInputs);
    ImGui::End();
    ImGui::PopStyleColor();
    ImGui::SetNextWindowPos(ImVec2(viewport->Pos.x + viewport->Size.x * 0.5f,
                                   viewport->Pos.y + viewport->Size.y * 0.5f),
                            ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowFocus();
    ImGui::PushStyleColor(ImGuiCol_WindowBg, to_vec4(Palette::kPanel));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 18.0f * scale);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(40.0f * scale, 30.0f * scale));
    ImGui::Begin("##still_there", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize);
    ImGui::PushFont(app.fonts.large);
    ImGui::PushStyleColor(ImGuiCol_Text, Palette::kAccent);
    ImGui::TextUnformatted("Bạn còn xem không?");
    ImGui::PopStyleColor();
    ImGui::PopFont();
    ImGui::PushFont(app.fonts.heading);
    ImGui::TextUnformatted("Still there?");
    ImGui::PopFont();
    ImGui::Spacing();
    const int seconds = int(std::ceil(app.kiosk.countdown_s));
    paragraph(fill(word(app, "kiosk.countdown"), {{"n", std::to_string(seconds)}}));
    ImGui::Spacing();
    ImGui::PushFont(app.fonts.heading);
    if (ImGui::Button(word(app, "kiosk.still_here").c_str(), ImVec2(-1, 72.0f * scale))) {
        // The touch itself resumes the session (update_kiosk).
    }
    app.layout.still_there_button = last_item_region();
    ImGui::PopFont();
    ImGui::End();
    ImGui::PopStyleVar(2);
    ImGui::PopStyleColor();
}

void draw_admin_prompt(App& app) {
    AdminPrompt& admin = app.admin;
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    const float scale = app.options.ui_scale;
    ImGui::SetNextWindowPos(ImVec2(viewport->Pos.x + viewport->Size.x * 0.5f,
                                   viewport->Pos.y + viewport->Size.y * 0.5f),
                            ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowFocus();
    ImGui::PushStyleColor(ImGuiCol_WindowBg, to_vec4(Palette::kPanel));
    ImGui::Begin("##admin", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize);
    heading(app, word(app, "kiosk.admin_title"));
    std::string dots(admin.pin.size(), '*');
    ImGui::PushFont(app.fonts.large);
    ImGui::TextUnformatted(dots.empty() ? " " : dots.c_str());
    ImGui::PopFont();
    if (admin.wrong) {
        ImGui::PushStyleColor(ImGuiCol_Text, Palette::kError);
        paragraph(word(app, "kiosk.wrong_pin"));
        ImGui::PopStyleColor();
    }
    const float key = 72.0f * scale;
    const char* keys[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "cancel", "0", "ok"};
    ImGui::PushFont(app.fonts.heading);
    for (int i = 0; i < 12; ++i) {
        if (i % 3 != 0)
            ImGui::SameLine();
        const std::string id = keys[i];
        const std::string label = id == "cancel" ? word(app, "kiosk.cancel")
                                  : id == "ok"   ? word(app, "kiosk.ok")
                                                 : id;
        if (ImGui::Button((label + "##" + id).c_str(),
                          ImVec2(key * (id.size() > 1 ? 1.4f : 1.0f), key))) {
            if (id == "cancel") {
                admin = AdminPrompt{};
            } else if (id == "ok") {
                if (app.options.kiosk && pin_matches(*app.options.kiosk, admin.pin)) {
                    app.quit_requested = true;
                    admin = AdminPrompt{};
                } else {
                    admin.wrong = true;
                    admin.pin.clear();
                }
            } else if (admin.pin.size() < 12) {
                admin.pin += id;
                admin.wrong = false;
            }
        }
        app.layout.pin_keys[id] = last_item_region();
    }
    ImGui::PopFont();
    ImGui::End();
    ImGui::PopStyleColor();
}

}  // namespace

std::vector<std::string> featured_artifacts(const App& app) {
    std::vector<std::string> ids;
    const exhibit::Package& package = app.package.package;
    auto allowed = [&](const std::string& id) {
        const exhibit::Artifact* artifact = exhibit::find_artifact(package, id);
        return artifact &&
               artifact_matches(package, *artifact,
                                ArtifactFilter{"", "", "", app.home.filter.approved_only});
    };
    if (app.options.kiosk && !app.options.kiosk->featured.empty()) {
        for (const std::string& id : app.options.kiosk->featured) {
            if (allowed(id))
                ids.push_back(id);
        }
        return ids;
    }
    for (const exhibit::Section& section : package.exhibit.sections) {
        for (const std::string& id : section.artifacts) {
            if (allowed(id)) {
                ids.push_back(id);
                break;  // one per section
            }
        }
    }
    return ids;
}

void open_admin_prompt(App& app) {
    app.admin = AdminPrompt{};
    app.admin.open = true;
}

bool kiosk_frame(App& app, float dt_s) {
    if (!app.options.kiosk)
        return false;
    ImGuiIO& io = ImGui::GetIO();
    // Staff: hold the top-left corner for 3 s, or press Ctrl+Shift+Q.
    const float corner = 80.0f * app.options.ui_scale;
    if (io.MouseDown[0] && io.MousePos.x >= 0 && io.MousePos.x < corner && io.MousePos.y >= 0 &&
        io.MousePos.y < corner) {
        app.admin.hold_s += dt_s;
        if (app.admin.hold_s >= kHoldToOpenAdminS && !app.admin.open)
            open_admin_prompt(app);
    } else {
        app.admin.hold_s = 0.0;
    }
    // GLFW's key code for a letter is its capital ASCII code.
    if (io.KeyCtrl && io.KeyShift && ImGui::IsKeyPressed('Q'))
        open_admin_prompt(app);
    if (app.admin.open) {
        draw_admin_prompt(app);
        return app.kiosk.phase == KioskPhase::Attract;
    }

    const int featured = int(featured_artifacts(app).size());
    switch (update_kiosk(app.kiosk, *app.options.kiosk, dt_s, visitor_touched(), featured)) {
        case KioskEvent::SessionStarted:
        case KioskEvent::SessionEnded:
            end_visit(app);  // the last visitor's, if the countdown ran out
            reset_for_next_visitor(app);
            if (app.kiosk.phase == KioskPhase::Active)
                begin_visit(app, "kiosk");
            if (app.kiosk.phase == KioskPhase::Attract)
                show_featured(app);
            break;
        case KioskEvent::NextFeatured:
            show_featured(app);
            break;
        default:
            break;
    }
    if (app.kiosk.phase == KioskPhase::Attract) {
        if (app.artifact.artifact_id.empty())
            show_featured(app);
        draw_attract(app, dt_s);
        return true;
    }
    if (app.kiosk.phase == KioskPhase::StillThere)
        draw_still_there(app);
    return false;
}

}  // namespace heritage::viewer
