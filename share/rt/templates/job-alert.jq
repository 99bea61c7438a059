# A Slack incoming-webhook message for one job that rt-score wrote
# (rt-post --each --jq @job-alert): the score and the job's link on the
# first line, then its platform, budget and agents, then why it scored so.
# Amounts are exact, from the budget's minor units and its currency.
#
#   {"text": "*95/100* <https://...|Python data pipeline on AWS (Airflow, dbt) - Upwork>\nupwork · $40.00–$75.00/hr · for Ross\nwhy: +30 python, +25 hourly >= 60 USD"}
include "rt";

# ISO 4217 places, for the currencies that have other than two.
def places:
  {BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0,
   VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0, BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
   CLF: 4, UYW: 4}[.] // 2;
def symbol: {USD: "$", EUR: "€", GBP: "£", INR: "₹", JPY: "¥"}[.] // (. + " ");
# Slack reads <, > and & in text as markup.
def slack: gsub("&"; "&amp;") | gsub("<"; "&lt;") | gsub(">"; "&gt;");

if type != "object" or (.id | type) != "string" or (.score | type) != "number" then
  error("the input is not a job rt-score wrote")
else . end
| (.budget_currency // "USD") as $cur
| def money: rt_money_display($cur | places; $cur | symbol);
  (if .budget_minor == null then "no budget stated"
   else (if .budget_min_minor != null then (.budget_min_minor | money) + "–" else "" end)
        + (.budget_minor | money)
        + (if .budget_kind == "hourly" then "/hr" else " fixed" end)
   end) as $budget
| ((.title // "(no title)") | slack) as $title
| {
    text: (
      [ "*\(.score)/100* " + (if .url then "<\(.url)|\($title)>" else $title end),
        ([.platform // "?", $budget,
          "for " + (if (.agents // []) == [] then "nobody yet" else .agents | join(", ") end)]
         | join(" · ")) ]
      + (if (.reasons // []) != [] then ["why: " + (.reasons | join(", ") | slack)] else [] end)
      | join("\n"))
  }
