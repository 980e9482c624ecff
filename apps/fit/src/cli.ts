console.log('astroemu-fit');
