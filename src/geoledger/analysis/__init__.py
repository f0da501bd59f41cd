"""Analysis over the ledger: periods, currency conversion, trade indicators."""
