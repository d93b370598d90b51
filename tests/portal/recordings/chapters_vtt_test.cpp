// The WebVTT chapters track: one cue per chapter to the next one's start, titles in the asked
// language (Lithuanian where there is no translation), nothing that could break a cue.
#include <doctest/doctest.h>

#include "portal/recordings/recording_routes.hpp"

using namespace councilcast::portal;

TEST_CASE("chapters as WebVTT cues, each to the next chapter's start, the last to the end") {
    RecordingTimeline timeline;
    timeline.duration_s = 3725.5;
    timeline.chapters = {{ChapterKind::kAgenda, {"Darbotvarkė", "Agenda"}, 0},
                         {ChapterKind::kAgenda, {"Dėl biudžeto", "The budget"}, 65.25},
                         {ChapterKind::kVote, {"Pritarti --> PRIIMTA\nnauja eilutė", ""}, 65.25},
                         {ChapterKind::kSpeaker, {"Asta", "Asta"}, 3600}};
    CHECK(chapters_vtt(timeline, Language::kEn) ==
          "WEBVTT\n\n"
          "1\n00:00:00.000 --> 00:01:05.250\nAgenda\n\n"
          "2\n00:01:05.250 --> 01:00:00.000\nPritarti -> PRIIMTA nauja eilutė\n\n"
          "3\n01:00:00.000 --> 01:02:05.500\nAsta\n");
    CHECK(chapters_vtt(timeline, Language::kLt).find("Darbotvarkė") != std::string::npos);

    // Live, a mark made just now may be ahead of the media indexed so far: its cue still counts.
    timeline.duration_s = 3599;
    CHECK(chapters_vtt(timeline, Language::kEn)
              .ends_with("3\n01:00:00.000 --> 01:00:01.000\nAsta\n"));
    CHECK(chapters_vtt(RecordingTimeline{}, Language::kLt) == "WEBVTT\n");
}
