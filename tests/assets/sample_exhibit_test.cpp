// The Lào Cai sample exhibit: what the content issue asks of it, checked on the package itself.
#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <set>

#include "assets/generator/glb_writer.h"
#include "assets/generator/surface.h"
#include "exhibit/package_read.h"
#include "exhibit/validate.h"
#include "tests/support/test_support.h"

using namespace heritage::exhibit;
namespace fs = std::filesystem;
namespace sample = heritage::sample;
namespace test = heritage::test;

namespace {

const PackageReadResult& sample_package() {
    static const PackageReadResult result = read_package(HERITAGE_SAMPLE_EXHIBIT_DIR);
    return result;
}

bool has_vi_and_en(const LocalizedText& text) {
    return !text.by_language.at("vi").empty() && !text.by_language.at("en").empty();
}

}  // namespace

TEST_CASE("the sample exhibit is valid, with no warning", "[sample][issue-3]") {
    const PackageReadResult& result = sample_package();
    CHECK(test::formatted(result.problems) == std::vector<std::string>{});
    REQUIRE(result.valid());
    const PackageSummary summary = summarize_package(result.package);
    CHECK(summary.missing_by_language.empty());  // every text in vi and en
}

TEST_CASE("at least 10 artifacts over at least 6 ethnic groups", "[sample][issue-3]") {
    const Package& package = sample_package().package;
    CHECK(package.artifacts.size() >= 10);
    std::set<std::string> groups;
    for (const Artifact& artifact : package.artifacts) {
        groups.insert(artifact.ethnic_groups.begin(), artifact.ethnic_groups.end());
    }
    CHECK(groups.size() >= 6);
}

TEST_CASE("every artifact has annotations, four lesson plans, quizzes and sources",
          "[sample][issue-3]") {
    for (const Artifact& artifact : sample_package().package.artifacts) {
        INFO(artifact.id);
        CHECK(artifact.annotations.size() >= 3);
        CHECK_FALSE(artifact.sources.empty());
        CHECK(artifact.model.illustrative);
        CHECK(has_vi_and_en(artifact.model.note));
        std::set<SchoolLevel> planned;
        for (const LessonPlan& plan : artifact.lesson_plans)
            planned.insert(plan.level);
        CHECK(planned.size() == 4);
        std::map<SchoolLevel, int> questions;
        for (const QuizQuestion& question : artifact.quiz)
            ++questions[question.level];
        CHECK(questions[SchoolLevel::Primary] >= 3);
        CHECK(questions[SchoolLevel::LowerSecondary] >= 3);
        CHECK(questions[SchoolLevel::UpperSecondary] >= 3);
        for (const LessonPlan& plan : artifact.lesson_plans) {
            for (const KeyFact& fact : plan.key_facts) {
                CHECK((fact.confidence != "sourced" || !fact.sources.empty()));
            }
        }
    }
}

TEST_CASE("three curriculum tours, one per school level from primary up", "[sample][issue-3]") {
    const Package& package = sample_package().package;
    std::set<SchoolLevel> levels;
    for (const Tour& tour : package.tours) {
        INFO(tour.id);
        levels.insert(tour.level);
        CHECK(tour.steps.size() >= 4);
        CHECK(tour.steps.size() <= 8);
        CHECK_FALSE(tour.before_visit.empty());
        CHECK_FALSE(tour.after_visit.empty());
        for (const TourStep& step : tour.steps) {
            CHECK(step.camera.has_value());
            CHECK_FALSE(step.annotation.empty());
            CHECK(has_vi_and_en(step.narration));
            CHECK(has_vi_and_en(step.question));
        }
    }
    CHECK(levels.count(SchoolLevel::Primary) == 1);
    CHECK(levels.count(SchoolLevel::LowerSecondary) == 1);
    CHECK(levels.count(SchoolLevel::UpperSecondary) == 1);
}

TEST_CASE("the models are the generator's output, at true scale, with anchors on the surface",
          "[sample][issue-3]") {
    const Package& package = sample_package().package;
    for (const sample::SampleModelRecipe& recipe : sample::sample_model_recipes()) {
        INFO(recipe.artifact_id);
        const Artifact* artifact = find_artifact(package, recipe.artifact_id);
        REQUIRE(artifact);
        const sample::SampleModel model = recipe.build();
        // Reproducible and up to date: regenerating gives the committed bytes.
        const fs::path folder = fs::path(HERITAGE_SAMPLE_EXHIBIT_DIR) / "artifacts" / artifact->id;
        CHECK(sample::write_glb(model) == test::read_text(folder / "model.glb"));

        for (const Annotation& annotation : artifact->annotations) {
            INFO(annotation.id);
            const glm::vec3 anchor(annotation.position[0], annotation.position[1],
                                   annotation.position[2]);
            const glm::vec3 normal(annotation.normal[0], annotation.normal[1],
                                   annotation.normal[2]);
            CHECK(sample::closest_surface_point(model, anchor, normal).distance < 0.0005f);
        }
        // True scale. Sourced sizes are the object's: the model's height within 2 %, its
        // widest horizontal extent within 10 % of the diameter (a drum's foot and handles stand
        // out beyond its face). Approximate sizes may describe the object in another pose (a
        // book's page height, the model shows it open), so they only rule out a unit mistake:
        // the model's largest extent within a factor of 2 of the largest size given.
        const sample::Bounds bounds = sample::model_bounds(model);
        const glm::vec3 extent_mm = (bounds.max - bounds.min) * 1000.0f;
        const Dimensions& size = artifact->dimensions;
        if (!size.approximate) {
            if (size.height_mm)
                CHECK(std::abs(extent_mm.y - *size.height_mm) <= 0.02 * *size.height_mm);
            if (size.diameter_mm) {
                const double widest = std::max(extent_mm.x, extent_mm.z);
                CHECK(std::abs(widest - *size.diameter_mm) <= 0.10 * *size.diameter_mm);
            }
        } else {
            double largest_given = 0;
            for (const auto& given :
                 {size.height_mm, size.width_mm, size.depth_mm, size.diameter_mm}) {
                if (given)
                    largest_given = std::max(largest_given, *given);
            }
            const double largest_model = std::max({extent_mm.x, extent_mm.y, extent_mm.z});
            CHECK(largest_model <= 2.0 * largest_given);
            CHECK(largest_model >= 0.5 * largest_given);
        }
        CHECK(bounds.min.y == Approx(0.0f).margin(1e-4));  // stands on the ground
    }
}
