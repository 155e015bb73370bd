"""The township's side of the exchange with the county: keys and trust (keyring), the batch feed and
export, import of county decisions and receipts (incoming), upload. The UI and the CLI reach the
exchange only through these modules."""
