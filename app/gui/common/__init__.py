"""What the three windows share: camera, images, workers, resources, settings, gauge and views."""
