# The job alert, driven by make, apart from the revenue refresh (Makefile):
#
#   make -f jobs.mk jobs
#
# reads the job feeds listed in $(JOBS_FEEDS), one URL a line (kept with the
# secrets: Upwork's private feeds carry a token in their query), scores each
# job with the rules in $(JOBS_RULES), keeps those scoring $(JOBS_MIN) or
# more, drops the ones an earlier run alerted ($(JOBS_SEEN)), and posts one
# Slack message a job to the webhook whose URL is in $(JOBS_SLACK).
#
# The seen file moves forward only after every message was delivered: a
# run whose delivery fails alerts the same jobs again next time rather than
# lose them.  A feed that fails is named on stderr, the others' jobs are
# still alerted, and the run fails.
#
# Three times a day, at 10:00, 14:00 and 18:00 India time, from cron:
#
#   CRON_TZ=Asia/Kolkata
#   0 10,14,18 * * *  make -C /path/to/rt/examples -f jobs.mk jobs >>/var/log/rt-jobs.log 2>&1

BIN        ?= ../bin
STATE      ?= state
RT_SECRETS_DIR ?= .secrets
JOBS_RUN   ?= out/jobs
JOBS_FEEDS ?= $(RT_SECRETS_DIR)/job_feeds.txt
JOBS_RULES ?= jobs.rules
JOBS_MIN   ?= 50
JOBS_SEEN  ?= $(STATE)/jobs_seen.txt
JOBS_SLACK ?= $(RT_SECRETS_DIR)/slack_webhook_url.txt

SHELL       = /bin/bash
.SHELLFLAGS = -o pipefail -c

.PHONY: jobs
.DELETE_ON_ERROR:

jobs:
	@rm -rf $(JOBS_RUN) && mkdir -p $(JOBS_RUN) $(STATE) && touch $(JOBS_SEEN)
	@$(BIN)/rt-fetch-feed -q --url-file $(JOBS_FEEDS) >$(JOBS_RUN)/jobs.ndjson || \
		{ echo "jobs: a feed failed; the jobs of the others go on" >&2; touch $(JOBS_RUN)/feeds.failed; }
	@$(BIN)/rt-score --rules $(JOBS_RULES) --min $(JOBS_MIN) $(JOBS_RUN)/jobs.ndjson >$(JOBS_RUN)/scored.ndjson
	@cp $(JOBS_SEEN) $(JOBS_RUN)/seen.new
	@$(BIN)/rt-dedupe -k id --seen $(JOBS_RUN)/seen.new $(JOBS_RUN)/scored.ndjson >$(JOBS_RUN)/new.ndjson
	@if [ -s $(JOBS_RUN)/new.ndjson ]; then \
		$(BIN)/rt-post -q --each --jq @job-alert --url-file $(JOBS_SLACK) $(JOBS_RUN)/new.ndjson \
			>$(JOBS_RUN)/posted.txt; fi
	@mv $(JOBS_RUN)/seen.new $(JOBS_SEEN)
	@echo "jobs: $$(wc -l <$(JOBS_RUN)/new.ndjson) alerted of $$(wc -l <$(JOBS_RUN)/jobs.ndjson) read"
	@if [ -e $(JOBS_RUN)/feeds.failed ]; then exit 1; fi
