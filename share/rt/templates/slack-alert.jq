# A Slack incoming-webhook message (apis.md section 8) for one alert record
# of rt-alert, one request per alert:
#
#   rt-alert --state alerts.state ledger.ndjson | rt-post --each --jq @slack-alert "$SLACK_WEBHOOK_URL"
#
#   {"text": ":warning: anomaly · Stripe · 2026-11-20\nStripe took $120.00 on Fri 2026-11-20, ...",
#    "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "..."}},
#               {"type": "context", "elements": [{"type": "mrkdwn", "text": "Value $120.00 · expected $1,000.00 · id ..."}]}]}
#
# Amounts are shown from their minor units with string operations only
# (rt_money_in), so they are exact; rt's message comes as rt wrote it,
# with &, < and > escaped for Slack.
include "rt";

def icon: {critical: ":rotating_light:", warning: ":warning:", info: ":information_source:"}[.] // ":bell:";

if type != "object" or (.id | type) != "string" or (.rule | type) != "string" or (.message | type) != "string" then
  error("the input is not an alert record of rt-alert")
else . end
| (if .source then .source | rt_source_name($rt_sources) else "All sources" end) as $who
| (.currency) as $cur
| (if .rule == "silent" then "\(.value) days without a record"
   elif $cur then "Value \(.value | rt_money_in($cur; $rt_currencies)) · expected \(.expected | rt_money_in($cur; $rt_currencies))"
   else "Value \(.value) · expected \(.expected)" end) as $figures
| "\(.severity | icon) *\(.rule)* · \($who | rt_slack_text) · \(.date)" as $head
| {
    text: "\($head)\n\(.message | rt_slack_text)",
    blocks: [
      {type: "section", text: {type: "mrkdwn", text: "\($head)\n\(.message | rt_slack_text)"}},
      {type: "context", elements: [{type: "mrkdwn", text: "\($figures) · id `\(.id | rt_slack_text)`"}]}
    ]
  }
