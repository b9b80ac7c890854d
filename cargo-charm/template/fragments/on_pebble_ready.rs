    #[on(pebble_ready = "{{container}}")]
