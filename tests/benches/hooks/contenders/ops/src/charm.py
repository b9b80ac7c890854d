#!/usr/bin/env python3
"""The pause charm of the hook benchmark, written with ops.

On pause-pebble-ready it makes sure the plan holds the pause layer (adding it with combine
and replanning when it does not) and sets the unit active, as the Rust charm does with
Container::ensure_layer. Other hooks have no observer.
"""

import ops

LAYER = {
    'summary': 'pause layer',
    'services': {
        'pause': {
            'override': 'replace',
            'summary': 'pause service',
            'command': '/bin/sleep 1000',
            'startup': 'enabled',
        },
    },
}


class PauseCharm(ops.CharmBase):
    """Runs a long sleep as the Pebble service pause."""

    def __init__(self, framework: ops.Framework):
        super().__init__(framework)
        framework.observe(self.on.pause_pebble_ready, self._on_pause_pebble_ready)

    def _on_pause_pebble_ready(self, event: ops.PebbleReadyEvent):
        container = event.workload
        applied = container.get_plan().services.get('pause')
        if applied is None or applied.to_dict() != LAYER['services']['pause']:
            container.add_layer('pause', LAYER, combine=True)
            container.replan()
        self.unit.status = ops.ActiveStatus()


if __name__ == '__main__':
    ops.main(PauseCharm)
