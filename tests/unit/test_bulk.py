"""The collector pause around a batch's bulk records: off inside, restored after, even on error."""

import gc

import pytest

from app.sync.bulk import gc_paused


@pytest.mark.parametrize("enabled_before", [True, False])
def test_the_collector_is_paused_inside_and_restored_after(enabled_before):
    (gc.enable if enabled_before else gc.disable)()
    try:
        with gc_paused():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled_before
        with pytest.raises(ValueError), gc_paused():
            raise ValueError("refused batch")
        assert gc.isenabled() is enabled_before
    finally:
        gc.enable()
