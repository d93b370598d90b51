// A vote as residents (and the console) watch it: each element marked data-vote-live shows
// the meeting's open vote with its counts as they come, then the result, without reloading.
// Follows the meeting's event stream (event "vote": the vote object of /api/v1/meetings/<id>/votes
// on every change); on the meeting page meeting_live.js has opened that stream already and
// shares it as window.councilcastMeetingEvents. The votes are read once from data-votes when
// the page loads (a vote already open shows at once) and again after a reconnect that may have
// missed events (the stream says "reset", or reopens). A polite live region says
// when a vote opens and its result, not every count.
// Texts come from the element's data attributes, in the page's language.
'use strict';

(function () {
    var kPollMs = 10000;
    var panels = document.querySelectorAll('[data-vote-live]');
    if (!panels.length || !window.fetch) return;

    function Panel(element) {
        this.element = element;
        this.body = element.querySelector('.vote-live__body');
        this.announcer = element.querySelector('.vote-live__announce');
        this.shown = null;  // id and status of the vote on show
    }

    Panel.prototype.text = function (name) {
        return this.element.getAttribute('data-text-' + name) || '';
    };

    Panel.prototype.line = function (parent, tag, className, content) {
        var node = document.createElement(tag);
        if (className) node.className = className;
        node.textContent = content;
        parent.appendChild(node);
        return node;
    };

    // The API gives a title in both languages ({"lt", "en" or null}); the page's own first.
    function titleOf(vote) {
        var title = vote.title;
        if (!title) return '';
        var language = document.documentElement.lang === 'en' ? 'en' : 'lt';
        return title[language] || title.lt || '';
    }

    Panel.prototype.resultText = function (vote) {
        if (vote.status === 'void') return this.text('void');
        if (vote.result === 'adopted') return this.text('adopted');
        if (vote.result === 'rejected') return this.text('rejected');
        if (vote.result === 'no_quorum') return this.text('no-quorum');
        return this.text('open');
    };

    Panel.prototype.render = function (vote) {
        var counts = vote.counts || {};
        var body = this.body;
        body.textContent = '';
        this.line(body, 'p', 'vote-live__title', titleOf(vote));
        if (vote.manual) this.line(body, 'p', 'marker marker--manual', this.text('manual'));
        var list = document.createElement('dl');
        list.className = 'vote-counts';
        var rows = [['for', counts['for']], ['against', counts.against],
                    ['abstain', counts.abstain], ['not-voting', counts.not_voting]];
        for (var i = 0; i < rows.length; ++i) {
            var row = document.createElement('div');
            row.className = 'vote-counts__' + rows[i][0];
            this.line(row, 'dt', '', this.text(rows[i][0]));
            this.line(row, 'dd', '', String(rows[i][1] || 0));
            list.appendChild(row);
        }
        body.appendChild(list);
        this.line(body, 'p', 'vote-live__figures', this.text('present') + ': ' + (vote.present || 0) +
                  ' · ' + this.text('required') + ': ' + (vote.required || 0));
        var result = this.line(body, 'p', 'vote-live__result', this.resultText(vote));
        result.classList.add('vote-live__result--' + (vote.result || vote.status));
    };

    Panel.prototype.announce = function (message) {
        if (this.announcer) this.announcer.textContent = message;
    };

    Panel.prototype.apply = function (vote) {
        if (!vote || vote.id === undefined) return;
        var before = this.shown;
        // An older vote's late event never replaces the one on show.
        if (before && vote.id < before.id) return;
        this.render(vote);
        this.element.hidden = false;
        var counts = vote.counts || {};
        if (vote.status === 'open' && (!before || before.id !== vote.id)) {
            this.announce(this.text('open') + ': ' + titleOf(vote));
        } else if (vote.status !== 'open' && before && before.id === vote.id &&
                   before.status === 'open') {
            this.announce(this.resultText(vote) + '. ' + this.text('for') + ' ' +
                          (counts['for'] || 0) + ', ' + this.text('against') + ' ' +
                          (counts.against || 0) + ', ' + this.text('abstain') + ' ' +
                          (counts.abstain || 0) + ', ' + this.text('not-voting') + ' ' +
                          (counts.not_voting || 0) + '.');
        }
        this.shown = { id: vote.id, status: vote.status };
    };

    // The vote on show when the page opens or the stream comes back: the open one, if any.
    Panel.prototype.catchUp = function () {
        var panel = this;
        var url = this.element.getAttribute('data-votes');
        if (!url) return;
        fetch(url, { cache: 'no-cache' }).then(function (response) {
            return response.ok ? response.json() : null;
        }).then(function (data) {
            var votes = (data && data.votes) || [];
            for (var i = votes.length - 1; i >= 0; --i) {
                var vote = votes[i];
                if (vote.status === 'open' || (panel.shown && panel.shown.id === vote.id)) {
                    panel.apply(vote);
                    return;
                }
            }
        }).catch(function () {});
    };

    function listen(panel, source) {
        var opened = source.readyState === EventSource.OPEN;
        source.addEventListener('vote', function (event) {
            var vote = null;
            try { vote = JSON.parse(event.data); } catch (error) { return; }
            panel.apply(vote);
        });
        // The first opening follows the page, which is current; a later one follows a drop.
        source.addEventListener('open', function () {
            if (opened) panel.catchUp();
            opened = true;
        });
        source.addEventListener('reset', function () { panel.catchUp(); });
    }

    // Without EventSource the votes are asked for now and then, while the page is visible.
    function poll(panel) {
        setInterval(function () { if (!document.hidden) panel.catchUp(); }, kPollMs);
    }

    for (var i = 0; i < panels.length; ++i) {
        var panel = new Panel(panels[i]);
        panel.catchUp();
        if (!window.EventSource) {
            poll(panel);
            continue;
        }
        var url = panels[i].getAttribute('data-events');
        var shared = window.councilcastMeetingEvents;
        if (shared && shared.url && url && shared.url.indexOf(url) !== -1) {
            listen(panel, shared);
        } else if (url) {
            listen(panel, new EventSource(url));
        }
    }
})();
