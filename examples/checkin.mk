# The monthly check-in, driven by make: on the 21st, ask in Slack for the
# figures kept by hand, MSN's monthly statements and AdsByMoney's earnings
# (the fallback file), naming each file and what it holds now.  From cron,
# at 09:00 America/Chicago on the 21st of every month:
#
#   CRON_TZ=America/Chicago
#   0 9 21 * *  make -C /path/to/rt/examples -f checkin.mk checkin >>/var/log/rt-checkin.log 2>&1
#
# The Slack webhook's URL is a secret, read from
# $(RT_SECRETS_DIR)/slack_webhook_url.txt.  `make -f checkin.mk preview`
# prints the message instead of sending it.

BIN      ?= ../bin
MSN_FILE ?= data/msn_monthly.json
ABM_FILE ?= data/adsbymoney_manual.json
RT_SECRETS_DIR ?= .secrets
SLACK_URL_FILE ?= $(RT_SECRETS_DIR)/slack_webhook_url.txt

SHELL     = /bin/bash
.SHELLFLAGS = -o pipefail -c

.PHONY: checkin preview

# The message's input is one object holding both files as they are, so
# that their amounts reach the template as exact text.
DOCUMENT = { printf '{"msn":'; cat $(MSN_FILE); printf ',"adsbymoney":'; cat $(ABM_FILE); printf '}'; }
MESSAGE  = $(BIN)/rt-post -q --jq @slack-checkin --arg msn_file $(MSN_FILE) --arg adsbymoney_file $(ABM_FILE)

checkin:
	@$(DOCUMENT) | $(MESSAGE) --url-file $(SLACK_URL_FILE) >/dev/null

preview:
	@$(DOCUMENT) | $(MESSAGE) -n http://preview.invalid/ | jq -r .text
