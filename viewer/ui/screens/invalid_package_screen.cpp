#include "viewer/ui/screens/invalid_package_screen.h"

#include <imgui.h>

#include "viewer/ui/theme.h"
#include "viewer/ui/widgets.h"

namespace heritage::viewer {

void draw_invalid_package_screen(App& app) {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->Pos);
    ImGui::SetNextWindowSize(viewport->Size);
    ImGui::Begin(
        "##invalid", nullptr,
        ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
    ImGui::PushFont(app.fonts.title);
    ImGui::PushStyleColor(ImGuiCol_Text, Palette::kError);
    paragraph(word(app, "error.invalid_package"));
    ImGui::PopStyleColor();
    ImGui::PopFont();
    ImGui::PushStyleColor(ImGuiCol_Text, Palette::kMuted);
    // The package's folder name: the visitor's staff know where they put it.
    paragraph(app.options.exhibit_dir.filename().string());
    ImGui::PopStyleColor();
    ImGui::Spacing();
    paragraph(word(app, "error.fix_hint"));
    ImGui::Spacing();
    ImGui::BeginChild("##problems", ImVec2(0, 0), true);
    for (const exhibit::Problem& problem : app.package.problems) {
        const bool error = problem.severity == exhibit::Severity::Error;
        ImGui::PushStyleColor(ImGuiCol_Text, error ? Palette::kError : Palette::kWarning);
        bullet(exhibit::format_problem(problem));
        ImGui::PopStyleColor();
    }
    ImGui::EndChild();
    ImGui::End();
}

}  // namespace heritage::viewer
