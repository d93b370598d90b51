#!/bin/sh
# Installs everything councilcast needs to build, run, test and benchmark on Debian 12.
# Idempotent: apt-get and npm ci only change what is missing. Run as root.
set -eu

cd "$(dirname "$0")/.."

export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends \
    build-essential cmake pkg-config clang-format git ca-certificates \
    libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev \
    libsqlite3-dev sqlite3 \
    libtomlplusplus-dev libfmt-dev libspdlog-dev doctest-dev \
    libsystemd-dev libsoup-3.0-dev libsodium-dev \
    libcairo2-dev libpango1.0-dev fonts-dejavu-core \
    libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev libgstrtspserver-1.0-dev \
    gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good \
    gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly gstreamer1.0-libav gstreamer1.0-x \
    gstreamer1.0-alsa gstreamer1.0-plugins-base-apps \
    libavformat-dev libavcodec-dev libavutil-dev libswscale-dev ffmpeg \
    chromium fonts-liberation2 \
    libctemplate-dev libicu-dev libcmark-dev zlib1g-dev libxml2-dev libical-dev \
    python3-feedparser python3-icalendar \
    libssl-dev openssl libcurl4-openssl-dev libgmime-3.0-dev john-data python3-aiosmtpd \
    libmagic-dev libicu-dev libstemmer-dev \
    clang-14 libclang-rt-14-dev lld \
    libvips-dev libimage-exiftool-perl imagemagick \
    wrk nginx-light procps

if ! command -v npm >/dev/null 2>&1; then
    apt-get install -y --no-install-recommends nodejs npm
fi
npm ci --no-audit --no-fund
