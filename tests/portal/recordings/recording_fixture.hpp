// A portal's recordings on a real SQLite file through the real writer: a council meeting, the
// segment index, the store and the archive over them, one channel "hall" of one rendition.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>

#include "archive/segment_index.hpp"
#include "common/database.hpp"
#include "common/database_writer.hpp"
#include "config/config.hpp"
#include "portal/council/council_store.hpp"
#include "portal/recordings/recording_archive.hpp"
#include "portal/recordings/recording_store.hpp"
#include "portal/schema.hpp"
#include "tests/support/demo_process.hpp"

namespace councilcast::testing {

struct RecordingFixture {
    std::filesystem::path dir;
    std::filesystem::path database;
    config::Config config;
    std::unique_ptr<DatabaseWriter> writer;
    std::unique_ptr<portal::CouncilStore> council;
    std::optional<archive::SegmentIndex> index;
    std::unique_ptr<portal::RecordingStore> store;
    std::unique_ptr<portal::RecordingArchive> archive;
    std::int64_t meeting = 0;

    explicit RecordingFixture(const std::string& name)
        : dir(fresh_directory(name)), database(dir / "councilcast.sqlite") {
        config.server.data_dir = dir;
        config::Channel hall;
        hall.id = "hall";
        hall.title_lt = "Salė";
        config::Rendition rendition;
        rendition.name = "720p";
        hall.renditions.push_back(rendition);
        config.channels.push_back(hall);
        {
            Database db(database);
            portal::migrate_database(db);
        }
        writer = std::make_unique<DatabaseWriter>(database);
        council = std::make_unique<portal::CouncilStore>(database, dir, *writer);
        portal::Meeting live;
        live.title = {"Tarybos posėdis", "Council meeting"};
        live.starts_unix = 1795867200;
        live.status = portal::MeetingStatus::kLive;
        live.channel_id = "hall";
        meeting = block_on(council->add_meeting(live));
        writer->execute([this](Database& db) { index.emplace(db); });
        store = std::make_unique<portal::RecordingStore>(database, *writer);
        archive =
            std::make_unique<portal::RecordingArchive>(config, database, *store, *index, *council);
    }

    ~RecordingFixture() { writer->flush(); }

    // A 2 s segment of hall/720p starting at `start_unix_ms`, with a file of `bytes` bytes.
    archive::Segment add_segment(int n, std::int64_t start_unix_ms, std::size_t bytes = 1000) {
        const std::string file = "a1-" + std::to_string(1000000 + n).substr(1) + ".ts";
        const auto directory = dir / "media" / "hall" / "720p";
        std::filesystem::create_directories(directory);
        std::ofstream(directory / file, std::ios::binary) << std::string(bytes, 'G');
        return writer->execute([&](Database&) {
            return index->add("hall", "720p",
                              {file, start_unix_ms, 2'000'000, static_cast<std::int64_t>(bytes)});
        });
    }

    std::filesystem::path file_of(const archive::Segment& segment) const {
        return dir / "media" / segment.channel / segment.rendition / segment.file;
    }
};

}  // namespace councilcast::testing
