console.log('astroemu-train');
