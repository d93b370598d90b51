// The problem reports' maps (portal/templates/report_*.tpl), drawn with Leaflet served from this
// site (/assets/vendor/leaflet.js and its stylesheet, which this script adds itself). Every page
// works without it: the report form has latitude and longitude fields and an eldership with an
// address, the list is a list. A map is a <div data-report-map="place|show"> the page leaves
// hidden; this script shows it.
//
// Its data attributes: data-boundary, the municipality's polygon as JSON [[lat, lon], ...];
// data-tile-url and data-tile-attribution, a tile server (none: the boundary on a plain
// background); data-label, data-zoom-in, data-zoom-out, the texts of the map and its buttons.
//
// "place" (the report form): a click, or Enter or Space on the focused map (arrow keys pan it,
// + and - zoom, a cross marks its centre), puts the pin there and fills the fields named by
// data-lat and data-lon; typing in those fields moves the pin; "use my location"
// (data-locate, data-locating, data-locate-failed) asks the browser. data-placed, followed by
// the pin's latitude and longitude, is said in a live region (data-status, an element's id).
//
// "show" (the list, one report): a dot for each element carrying data-report-lat and
// data-report-lon in the element data-items names, linked to its data-report-href; with
// data-area-link (a link's text) a link under the map shows the reports of the area in view,
// once it is zoomed in to half a degree a side or less.
'use strict';

(function () {
    var kLeaflet = '/assets/vendor/leaflet.js';
    var kLeafletStyle = '/assets/vendor/leaflet.css';
    var kPinZoom = 15;
    var kMaxAreaSide = 0.5;

    function text(element, name, fallback) {
        var value = element.getAttribute('data-' + name);
        return value === null ? fallback : value;
    }

    function parseBoundary(element) {
        try {
            var points = JSON.parse(text(element, 'boundary', '[]'));
            return Array.isArray(points) && points.length >= 3 ? points : null;
        } catch (e) {
            return null;
        }
    }

    // Once, for every map of the page: the stylesheet, then the script.
    function loadLeaflet(done) {
        var style = document.createElement('link');
        style.rel = 'stylesheet';
        style.href = kLeafletStyle;
        style.addEventListener('load', function () {
            var script = document.createElement('script');
            script.src = kLeaflet;
            script.addEventListener('load', done);
            document.head.appendChild(script);
        });
        document.head.appendChild(style);
    }

    function makeMap(element) {
        var boundary = parseBoundary(element);
        if (!boundary) return null;
        element.hidden = false;
        element.setAttribute('role', 'region');
        element.setAttribute('aria-label', text(element, 'label', ''));
        var map = L.map(element, {
            zoomControl: false,
            attributionControl: true,
            keyboardPanDelta: 60
        });
        L.control.zoom({
            zoomInTitle: text(element, 'zoom-in', '+'),
            zoomOutTitle: text(element, 'zoom-out', '-')
        }).addTo(map);
        var tiles = text(element, 'tile-url', '');
        if (tiles) {
            L.tileLayer(tiles, {
                maxZoom: 19,
                attribution: text(element, 'tile-attribution', '')
            }).addTo(map);
        } else {
            element.classList.add('report-map--plain');
        }
        var outline = L.polygon(boundary, {
            className: 'report-map__boundary',
            interactive: false,
            fill: false
        }).addTo(map);
        map.fitBounds(outline.getBounds());
        map.setMaxBounds(outline.getBounds().pad(0.5));
        map.setMinZoom(map.getZoom() - 1);
        return map;
    }

    function readNumber(input) {
        var value = Number(String(input.value).replace(',', '.').trim());
        return input.value.trim() !== '' && isFinite(value) ? value : null;
    }

    function placing(element) {
        var latField = document.getElementById(text(element, 'lat', ''));
        var lonField = document.getElementById(text(element, 'lon', ''));
        var status = document.getElementById(text(element, 'status', ''));
        if (!latField || !lonField) return;
        var map = makeMap(element);
        if (!map) return;
        element.classList.add('report-map--placing');
        var centre = document.createElement('div');
        centre.className = 'report-map__centre';
        centre.setAttribute('aria-hidden', 'true');
        element.appendChild(centre);
        var pin = null;

        function say(lat, lon) {
            if (!status) return;
            status.textContent = text(element, 'placed', '') + ' ' + lat.toFixed(6) + ', ' +
                lon.toFixed(6);
        }

        function showPin(lat, lon) {
            if (pin) {
                pin.setLatLng([lat, lon]);
            } else {
                pin = L.circleMarker([lat, lon], {
                    className: 'report-map__pin',
                    radius: 10,
                    interactive: false
                }).addTo(map);
            }
        }

        function place(latlng) {
            latField.value = latlng.lat.toFixed(6);
            lonField.value = latlng.lng.toFixed(6);
            showPin(latlng.lat, latlng.lng);
            say(latlng.lat, latlng.lng);
        }

        function fromFields() {
            var lat = readNumber(latField);
            var lon = readNumber(lonField);
            if (lat === null || lon === null || Math.abs(lat) > 90 || Math.abs(lon) > 180) return;
            showPin(lat, lon);
            map.setView([lat, lon], Math.max(map.getZoom(), kPinZoom));
        }

        map.on('click', function (event) { place(event.latlng); });
        element.addEventListener('keydown', function (event) {
            if (event.target !== element) return;
            if (event.key === 'Enter' || event.key === ' ') {
                event.preventDefault();
                // Where the cross is now, not where a keyboard pan is still heading.
                map.stop();
                place(map.getCenter());
            }
        });
        latField.addEventListener('change', fromFields);
        lonField.addEventListener('change', fromFields);
        fromFields();

        if (navigator.geolocation) {
            var locate = document.createElement('button');
            locate.type = 'button';
            locate.className = 'button button--secondary report-map__locate';
            locate.textContent = text(element, 'locate', '');
            locate.addEventListener('click', function () {
                if (status) status.textContent = text(element, 'locating', '');
                navigator.geolocation.getCurrentPosition(function (position) {
                    var here = L.latLng(position.coords.latitude, position.coords.longitude);
                    map.setView(here, Math.max(map.getZoom(), kPinZoom));
                    place(here);
                }, function () {
                    if (status) status.textContent = text(element, 'locate-failed', '');
                }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
            });
            element.parentNode.insertBefore(locate, element.nextSibling);
        }
    }

    function showing(element) {
        var list = document.getElementById(text(element, 'items', ''));
        var map = makeMap(element);
        if (!map || !list) return;
        var items = list.querySelectorAll('[data-report-lat][data-report-lon]');
        var bounds = [];
        for (var i = 0; i < items.length; ++i) {
            var lat = Number(items[i].getAttribute('data-report-lat'));
            var lon = Number(items[i].getAttribute('data-report-lon'));
            if (!isFinite(lat) || !isFinite(lon)) continue;
            var dot = L.circleMarker([lat, lon], {
                className: 'report-map__dot report-map__dot--' +
                    (items[i].getAttribute('data-report-state') || 'open'),
                radius: 7
            }).addTo(map);
            var link = document.createElement('a');
            link.href = items[i].getAttribute('data-report-href') || '#';
            link.textContent = items[i].getAttribute('data-report-title') || link.href;
            dot.bindPopup(link);
            bounds.push([lat, lon]);
        }
        if (items.length === 1 && bounds.length === 1) map.setView(bounds[0], kPinZoom);
        var areaText = text(element, 'area-link', '');
        if (!areaText) return;
        var area = document.createElement('a');
        area.className = 'report-map__area';
        area.textContent = areaText;
        function follow() {
            var view = map.getBounds();
            // The server takes an area of at most half a degree a side: zoom in for one.
            area.hidden = view.getNorth() - view.getSouth() > kMaxAreaSide ||
                view.getEast() - view.getWest() > kMaxAreaSide;
            var target = new URL(window.location.href);
            target.searchParams.set('area', [view.getSouth(), view.getWest(), view.getNorth(),
                                             view.getEast()].map(function (v) {
                return v.toFixed(5);
            }).join(','));
            target.searchParams.delete('page');
            area.href = target.pathname + target.search;
        }
        map.on('moveend', follow);
        follow();
        element.parentNode.insertBefore(area, element.nextSibling);
    }

    var maps = document.querySelectorAll('[data-report-map]');
    if (maps.length === 0) return;
    loadLeaflet(function () {
        if (!window.L) return;
        for (var i = 0; i < maps.length; ++i) {
            if (maps[i].getAttribute('data-report-map') === 'place') {
                placing(maps[i]);
            } else {
                showing(maps[i]);
            }
        }
    });
})();
