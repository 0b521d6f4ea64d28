/**
 * `trading.yaml` as Sextant writes it on first start. Every key is spelled out with its default
 * (a test checks this text parses to exactly `DEFAULT_TRADING_CONFIG` and names every key), so the
 * file documents itself.
 */
export const DEFAULT_TRADING_CONFIG_TEXT = `# Sextant trading configuration.
#
# Edit this file while Sextant runs: a saved change applies at once and is recorded. A file with
# an error is refused as a whole (the running configuration stays) and the error names the line
# and the key. A key left out takes its default, the value shown here.
# Percentages are in percent: 10 means 10 %. null turns a risk rule off.

version: 1

execution:
  # paper: no real money. live: real money. Writing live here only asks for it: Sextant enters
  # live trading after you confirm the switch in the app, and only with live keys present.
  mode: paper
  # Where orders go: paper (Sextant's simulated broker, no account needed) or alpaca.
  broker: paper
  # A local endpoint for signals from your own programs: HTTP POST /v1/signals and the WebSocket
  # /v1/signals/stream, on 127.0.0.1 only. Requests carry the token kept in the file
  # signal-endpoint.token in this folder ("Authorization: Bearer <token>").
  signalEndpoint:
    enabled: false
    port: 8765
    # Per connection: signals per second sustained, and the burst allowed above that.
    maxPerSecond: 5
    burst: 10
  # How the offline paper broker fills: the backtester's fill model, written as sextant backtest
  # takes it, so that a strategy trades on paper exactly as in a backtest with the same settings.
  paper:
    # close: a market order fills at once at the last close (what the order ticket expects);
    # next-open: at the next bar's open (a backtest's default; a strategy on a replay trades so).
    marketFill: close
    # none, per-share:0.005[,min:1][,max:1%], per-order:1 or bps:5[,min:1]
    commission: none
    # none, bps:5 or ticks:1
    slippage: none

# Pre-trade risk limits, checked for every order.
risk:
  # Largest position, as % of equity, valued at the order's price.
  maxPositionPct: 10
  # A limit price further than this % from the last price is refused as a typing error.
  fatFingerPct: 5
  # At most maxOrders new orders within windowMs milliseconds.
  orderRate:
    maxOrders: 30
    windowMs: 60000
  # A loss since the session start of this % of the starting equity halts trading.
  maxDailyLossPct: 3
  # Sum over positions of the loss to their stops, as % of equity.
  maxPortfolioRiskPct: 5
  # Largest correlation of a new symbol's daily returns with any open position's (-1 to 1).
  maxCorrelation: 0.7
  # Stop distance assumed for a position or signal that has none, in %.
  defaultStopPct: 2
  # On Alpaca, a price (the latest trade or quote) older than this many seconds of the regular
  # session is stale: orders and sizing that need it are refused. null: no check.
  maxPriceAgeSec: 60

# How a signal without a quantity is sized: signals of the order ticket and from outside, and of
# strategies without a sizing of their own.
sizing:
  # Fixed-fractional risk: risk this % of equity between the entry and the stop (the signal's
  # stop, else risk.defaultStopPct away).
  riskPct: 1
  # A cap at a fraction of the Kelly bet, from your own win statistics. null: no Kelly cap.
  # For example half Kelly:  kelly: { winRate: 0.55, payoff: 1.5, fraction: 0.5 }
  kelly: null
  # Every size (a strategy's own sizing too) is scaled by the regime of the symbol's bar:
  # the sum over regimes of probability x weight (a regime left out weighs 1), and it is zero
  # while a regime's probability is above its zeroWhen threshold.
  regime:
    # For example:  weights: { bull: 1, sideways: 0.75, high_vol: 0.5, bear: 0.25 }
    weights: {}
    zeroWhen:
      crisis: 0.5

# Settings by strategy id. An id with symbols and a timeframe is a strategy Sextant runs itself on
# live bars (or a paper replay), the same code as in a backtest; an id without them only sets what
# happens to signals sent under that id (from the signal endpoint, for example). A signal of an id
# not listed gets the defaults: enabled, no confidence threshold, no cap of its own beyond the risk
# limits. For example:
#
# strategies:
#   spy-trend:
#     strategy: sma-cross        # which strategy (default: the id); see "sextant backtest --help"
#     symbols: [SPY]             # what it trades (pairs: A then B)
#     timeframe: 1Day            # bar size: 1Min, 5Min, 1Hour, 1Day... (Alpaca streams 1Min bars)
#     enabled: true              # false stops it at once; the app's start/stop button writes this
#     parameters:                # the strategy's parameters, checked as the backtester checks them
#       fast: 10
#       slow: 30
#     sizing: percent:10         # as in a backtest: all-in, percent:P, fixed:N, risk:P
#                                # (left out: the sizing section above)
#     warmupBars: 1000           # stored bars fed to its indicators at start, without trading
#     confidenceThreshold: 0.6   # signals below this confidence are recorded and skipped
#     maxPositionPct: 5          # this strategy's own cap, % of equity (null: the risk limit only)
#     maxPositionQty: null       # this strategy's own cap in shares or contracts (null: none)
strategies: {}
`;
